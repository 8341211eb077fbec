find_package(GDAL REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
# End-to-end: the polder command on small synthetic rasters and bad input (fast), and on the
# bundled Alblasserwaard example (label e2e, about a minute on 2 cores).
polder_add_test(polder_cli_tests SOURCES test_cli.cpp test_support.cpp LIBS polder::app GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS "unit;cli")
target_include_directories(polder_cli_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_cli_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")
add_dependencies(polder_cli_tests polder)

# The example runs once (a ctest fixture); its checks then read the one result file.
set(POLDER_EXAMPLE_RESULT ${CMAKE_CURRENT_BINARY_DIR}/example-result/alblasserwaard-aw112.h5)
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/example-result)
add_test(NAME example.run_alblasserwaard
         COMMAND polder run ${PROJECT_SOURCE_DIR}/examples/alblasserwaard/scenario.toml --quiet --out ${POLDER_EXAMPLE_RESULT})
set_tests_properties(example.run_alblasserwaard PROPERTIES FIXTURES_SETUP example_result LABELS e2e)
add_executable(polder_example_tests test_example.cpp test_support.cpp)
target_link_libraries(polder_example_tests PRIVATE GDAL::GDAL ${HDF5_C_LIBRARIES} GTest::gtest_main polder_warnings)
target_include_directories(polder_example_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_example_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>"
                           POLDER_EXAMPLE_RESULT="${POLDER_EXAMPLE_RESULT}")
gtest_discover_tests(polder_example_tests DISCOVERY_TIMEOUT 120
                     PROPERTIES LABELS e2e FIXTURES_REQUIRED example_result)
