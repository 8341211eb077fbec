find_package(GDAL REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
# End-to-end: the polder command on small synthetic rasters and bad input (fast), and on the
# bundled Alblasserwaard example (label e2e, about a minute on 2 cores).
polder_add_test(polder_cli_tests SOURCES test_cli.cpp test_support.cpp LIBS polder::app GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS "unit;cli")
target_include_directories(polder_cli_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_cli_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")
add_dependencies(polder_cli_tests polder)
polder_add_test(polder_example_tests SOURCES test_example.cpp test_support.cpp LIBS polder::app GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS e2e)
target_include_directories(polder_example_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_example_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")
add_dependencies(polder_example_tests polder)
