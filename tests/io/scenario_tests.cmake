polder_add_test(polder_scenario_tests SOURCES test_scenario.cpp test_library.cpp LIBS polder::scenarios LABELS unit)
