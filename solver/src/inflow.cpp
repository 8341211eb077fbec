#include "polder/solver/inflow.hpp"

#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>

namespace polder {

namespace {
std::size_t cell_of(const GridGeometry& g, const std::vector<std::uint8_t>& active, const std::string& name, double x,
                    double y) {
  const auto c = g.cell_at(x, y);
  if (!c) throw std::invalid_argument("inflow '" + name + "': point (" + std::to_string(x) + ", " + std::to_string(y) + ") is outside the grid");
  const std::size_t k = g.index(c->i, c->j);
  if (active[k] == 0)
    throw std::invalid_argument("inflow '" + name + "': point (" + std::to_string(x) + ", " + std::to_string(y) + ") is on a nodata cell");
  return k;
}
}  // namespace

std::vector<InflowCell> resolve_inflow_cells(const GridGeometry& g, const std::vector<std::uint8_t>& active,
                                             const InflowParams& p) {
  if (p.points.empty()) throw std::invalid_argument("inflow '" + p.name + "' has no location");
  if (p.points.size() == 1) {
    if (p.unit == DischargeUnit::per_metre_m2_per_s)
      throw std::invalid_argument("inflow '" + p.name + "': unit m2/s needs a line, not a point");
    return {{cell_of(g, active, p.name, p.points[0].first, p.points[0].second), 1.0}};
  }
  std::map<std::size_t, double> length;
  double total = 0.0;
  for (std::size_t s = 0; s + 1 < p.points.size(); ++s) {
    const auto [x0, y0] = p.points[s];
    const auto [x1, y1] = p.points[s + 1];
    const double len = std::hypot(x1 - x0, y1 - y0);
    if (len <= 0.0) continue;
    // Midpoint sampling of 1/1000-cell pieces: each piece is charged to the cell holding its middle.
    const auto pieces = static_cast<std::size_t>(std::ceil(len / (1e-3 * std::min(g.dx, g.dy))));
    const double piece = len / static_cast<double>(pieces);
    for (std::size_t q = 0; q < pieces; ++q) {
      const double f = (static_cast<double>(q) + 0.5) / static_cast<double>(pieces);
      length[cell_of(g, active, p.name, x0 + f * (x1 - x0), y0 + f * (y1 - y0))] += piece;
    }
    total += len;
  }
  if (total <= 0.0) throw std::invalid_argument("inflow '" + p.name + "': the line has zero length");
  std::vector<InflowCell> cells;
  for (const auto& [k, l] : length)
    cells.push_back({k, p.unit == DischargeUnit::per_metre_m2_per_s ? l : l / total});
  return cells;
}

}  // namespace polder
