#include "polder/grids/domain_edge.hpp"

#include <cmath>

namespace polder {

bool is_domain_edge(const GridGeometry& g, const std::vector<std::uint8_t>& active, int i, int j) {
  if (!g.contains(i, j) || active[g.index(i, j)] == 0) return false;
  const int di[4] = {-1, 1, 0, 0};
  const int dj[4] = {0, 0, -1, 1};
  for (int k = 0; k < 4; ++k) {
    const int a = i + di[k];
    const int b = j + dj[k];
    if (!g.contains(a, b) || active[g.index(a, b)] == 0) return true;
  }
  return false;
}

std::optional<SnappedCell> snap_to_domain_edge(const GridGeometry& g, const std::vector<std::uint8_t>& active, double x,
                                               double y, double max_distance_m) {
  // Only cells whose centre can lie within the radius are visited.
  const int i0 = std::max(0, static_cast<int>(std::floor((x - max_distance_m - g.x_min) / g.dx)) - 1);
  const int i1 = std::min(g.nx - 1, static_cast<int>(std::floor((x + max_distance_m - g.x_min) / g.dx)) + 1);
  const int j0 = std::max(0, static_cast<int>(std::floor((y - max_distance_m - g.y_min) / g.dy)) - 1);
  const int j1 = std::min(g.ny - 1, static_cast<int>(std::floor((y + max_distance_m - g.y_min) / g.dy)) + 1);
  std::optional<SnappedCell> best;
  // Rows here grow north; "lower row" in the tie rule means the row index as a raster (top-down)
  // reader counts it, so ties go to the northern cell first, then the western one.
  for (int j = j1; j >= j0; --j) {
    for (int i = i0; i <= i1; ++i) {
      if (!is_domain_edge(g, active, i, j)) continue;
      const double d = std::hypot(g.x_center(i) - x, g.y_center(j) - y);
      if (d > max_distance_m) continue;
      if (!best || d < best->distance_m) best = SnappedCell{{i, j}, d};
    }
  }
  return best;
}

}  // namespace polder
