#include "polder/grids/grid_geometry.hpp"

#include <cmath>

namespace polder {

std::optional<CellIndex> GridGeometry::cell_at(double x, double y) const {
  const double fi = std::floor((x - x_min) / dx);
  const double fj = std::floor((y - y_min) / dy);
  if (fi < 0 || fj < 0 || fi >= nx || fj >= ny) return std::nullopt;
  return CellIndex{static_cast<int>(fi), static_cast<int>(fj)};
}

bool GridGeometry::same_lattice(const GridGeometry& o) const {
  const double tol_x = 1e-6 * dx;
  const double tol_y = 1e-6 * dy;
  return nx == o.nx && ny == o.ny && std::abs(dx - o.dx) <= tol_x && std::abs(dy - o.dy) <= tol_y &&
         std::abs(x_min - o.x_min) <= tol_x && std::abs(y_min - o.y_min) <= tol_y;
}

}  // namespace polder
