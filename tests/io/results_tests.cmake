# The result file test reads the file back with the HDF5 C API and opens it through GDAL's netCDF
# driver, the way QGIS does, so it needs both libraries directly.
find_package(HDF5 REQUIRED COMPONENTS C HL)
find_package(GDAL REQUIRED)
polder_add_test(polder_results_tests SOURCES test_result_file.cpp
                LIBS polder::results ${HDF5_HL_LIBRARIES} ${HDF5_C_LIBRARIES} GDAL::GDAL LABELS unit)
target_include_directories(polder_results_tests SYSTEM PRIVATE ${HDF5_INCLUDE_DIRS})
