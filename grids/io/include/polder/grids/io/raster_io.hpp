#pragma once
// Reading GDAL rasters into polder's grid convention (rows grow north; see grid_geometry.hpp).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"
#include "polder/grids/host_field.hpp"

namespace polder {

// A raster that cannot be used: the message names the file and the problem.
class RasterError : public std::runtime_error {
 public:
  RasterError(const std::filesystem::path& file, const std::string& why)
      : std::runtime_error(file.string() + ": " + why), file_(file) {}
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
};

struct RasterLayer {
  GridGeometry geometry;            // crs_wkt empty when the file has no CRS
  HostField<double> values;         // band 1, in polder's index order
  std::vector<std::uint8_t> valid;  // 0 where the band's nodata value (or NaN as nodata) is found
  std::optional<double> nodata;
  bool crs_is_projected_metres = false;
};

// Reads band 1. Nodata cells (including NaN when NaN is the band's nodata value) are marked
// invalid. A NaN or infinite value in a cell that is not nodata is an error naming the cell.
// Throws RasterError for a missing or unreadable file, a rotated or missing geotransform.
[[nodiscard]] RasterLayer read_raster(const std::filesystem::path& file);

// WKT of the same CRS, or false when either is empty; compares with GDAL's IsSame.
[[nodiscard]] bool same_crs(const std::string& wkt_a, const std::string& wkt_b);

// The EPSG code of a CRS, when GDAL can identify one (for GeoJSON's "crs" member).
[[nodiscard]] std::optional<int> epsg_code(const std::string& wkt);

}  // namespace polder
