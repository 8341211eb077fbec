#pragma once
// Copies the breach and inflow series of one result file into another being written (internal to
// polder_results). H5Ocopy keeps dimension-scale references pointing into the source file, which
// netCDF and GDAL then refuse, so the groups are rebuilt: values and attributes read, and written
// again with fresh dimension scales.
#include <hdf5.h>

#include <filesystem>

namespace polder {

void copy_series_groups(hid_t file, const std::filesystem::path& from);

}  // namespace polder
