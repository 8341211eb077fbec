# Exposure per zone: zone files onto the flood grid (GDAL) and the per-zone curves and table.
find_package(GDAL REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
polder_add_test(polder_zone_tests SOURCES test_zones.cpp test_support.cpp
                LIBS polder::exposure polder::grids_io GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS unit)
target_include_directories(polder_zone_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_zone_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")  # test_support.cpp needs it
# Curves, farms, priority, suppression and class maps on hand-built cases (no files).
polder_add_test(polder_exposure_tests SOURCES test_exposure_core.cpp LIBS polder::exposure LABELS unit)
# Count layers onto the flood grid: misaligned and reprojected rasters, point files.
polder_add_test(polder_regrid_tests SOURCES test_regrid.cpp test_support.cpp
                LIBS polder::exposure polder::grids_io GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS unit)
target_include_directories(polder_regrid_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_regrid_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")
# polder exposure end to end on a small synthetic result (and its bad inputs).
polder_add_test(polder_exposure_cli_tests SOURCES test_exposure_cli.cpp test_support.cpp
                LIBS polder::app GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS "unit;cli")
target_include_directories(polder_exposure_cli_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_exposure_cli_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")
add_dependencies(polder_exposure_cli_tests polder)
