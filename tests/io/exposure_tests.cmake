# Exposure per zone: zone files onto the flood grid (GDAL) and the per-zone curves and table.
find_package(GDAL REQUIRED)
find_package(HDF5 REQUIRED COMPONENTS C)
polder_add_test(polder_zone_tests SOURCES test_zones.cpp test_support.cpp
                LIBS polder::exposure polder::grids_io GDAL::GDAL ${HDF5_C_LIBRARIES} LABELS unit)
target_include_directories(polder_zone_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
target_compile_definitions(polder_zone_tests PRIVATE POLDER_BINARY="$<TARGET_FILE:polder>")  # test_support.cpp needs it
