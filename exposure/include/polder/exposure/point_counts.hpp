#pragma once
// Counts given at points (farms, addresses) on the flood grid: each point in the cell holding it.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"

namespace polder {

// One row of a farm file (docs/exposure.md: columns id, name, x, y, species, head_count).
struct FarmPoint {
  std::string id;       // the `id` field, else the row number
  std::string name;     // the `name` field, else empty
  double x = 0.0, y = 0.0;
  std::string species;  // lower case, trimmed
  double head_count = 0.0;
};

struct PlacedCounts {
  std::vector<double> cells;                     // per grid cell (model cells or not)
  std::vector<std::optional<std::size_t>> cell;  // per point: its cell; none = off the grid
  double off_grid = 0.0;                         // count of points off the grid
  std::size_t points_off_grid = 0;
};

// Points on a cell edge go to the cell east / north of it (GridGeometry::cell_at).
[[nodiscard]] PlacedCounts place_points(const GridGeometry& grid, const std::vector<double>& x,
                                        const std::vector<double>& y, const std::vector<double>& counts);

// Reads a farm file: a CSV with header x, y, species, head_count (and optionally id, name), or
// any OGR point vector with fields species, head_count (id, name optional), reprojected to the
// grid's CRS. Throws RasterError naming the file and the problem (missing field, bad number,
// negative head count, empty species).
[[nodiscard]] std::vector<FarmPoint> read_farm_points(const std::filesystem::path& file, const std::string& grid_crs_wkt);

struct PeoplePoints {
  std::vector<double> x, y, people;
};
// A population point file: as farms, with a `people` field instead of species and head_count.
[[nodiscard]] PeoplePoints read_people_points(const std::filesystem::path& file, const std::string& grid_crs_wkt);

}  // namespace polder
