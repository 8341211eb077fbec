polder_add_test(polder_scenario_tests SOURCES test_scenario.cpp LIBS polder::scenarios LABELS unit)
