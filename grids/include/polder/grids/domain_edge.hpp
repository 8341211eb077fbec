#pragma once
// Domain-edge cells and snapping of a point (a breach location) onto them.
#include <cstdint>
#include <optional>
#include <vector>

#include "polder/grids/grid_geometry.hpp"

namespace polder {

// A valid cell with at least one of its four face neighbours nodata or beyond the grid border.
[[nodiscard]] bool is_domain_edge(const GridGeometry& g, const std::vector<std::uint8_t>& active, int i, int j);

struct SnappedCell {
  CellIndex cell;
  double distance_m = 0.0;  // from the point to the cell centre
};

// The domain-edge cell whose centre is nearest to (x, y); ties go to the lower row, then the
// lower column, with rows counted as the DEM's raster counts them (row 0 = north, as in the
// result file's `row` attribute), not as polder's internal j. Empty when none lies within
// max_distance_m.
[[nodiscard]] std::optional<SnappedCell> snap_to_domain_edge(const GridGeometry& g, const std::vector<std::uint8_t>& active,
                                                             double x, double y, double max_distance_m);

}  // namespace polder
