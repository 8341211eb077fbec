#pragma once
// Point layers (farms, addresses) from a CSV with x and y columns or any OGR vector of points.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"

namespace polder {

struct PointRecord {
  double x = 0.0, y = 0.0;                    // in the target CRS [m]
  std::map<std::string, std::string> fields;  // the requested attributes, as text
  long long feature = 0;                      // 1-based position in the file (CSV: data row)
};

struct PointLayer {
  std::vector<PointRecord> points;
  bool reprojected = false;  // the file's CRS differed from the target's
};

// Reads every feature. A .csv file needs columns `x` and `y` (in the target CRS: a CSV carries no
// CRS); any other OGR vector needs point geometries and is transformed to `target_crs_wkt` when
// its CRS differs. `required` attributes must exist (RasterError naming the file, the missing
// attribute and the ones it has); `optional` ones are read when present. Empty or non-numeric
// x/y, and non-point geometries, are errors naming the feature.
[[nodiscard]] PointLayer read_points(const std::filesystem::path& file, const std::vector<std::string>& required,
                                     const std::vector<std::string>& optional, const std::string& target_crs_wkt);

// A numeric attribute of a point; RasterError naming the file, feature and field otherwise.
// Where a point is in its file, for messages: "data row N" in a CSV, "feature N" otherwise.
[[nodiscard]] std::string point_position(const std::filesystem::path& file, const PointRecord& p);
[[nodiscard]] double point_number(const PointRecord& p, const std::string& field, const std::filesystem::path& file);

}  // namespace polder
