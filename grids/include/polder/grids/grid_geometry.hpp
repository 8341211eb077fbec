#pragma once
// Geometry of a regular raster grid in a projected CRS.
//
// Index convention used everywhere inside polder: column i grows east, row j grows NORTH
// (j = 0 is the southern row), cell (i, j) is stored at j * nx + i. GDAL's top-down rows are
// flipped once at I/O. Coordinates are computed in double relative to the grid origin.
#include <cstddef>
#include <optional>
#include <string>

namespace polder {

struct CellIndex {
  int i = 0;  // column, grows east
  int j = 0;  // row, grows north
  friend bool operator==(const CellIndex&, const CellIndex&) = default;
};

struct GridGeometry {
  int nx = 0;            // columns
  int ny = 0;            // rows
  double x_min = 0.0;    // west edge [m]
  double y_min = 0.0;    // south edge [m]
  double dx = 1.0;       // cell width [m]
  double dy = 1.0;       // cell height [m]
  std::string crs_wkt;   // empty when the CRS is unknown

  [[nodiscard]] std::size_t cell_count() const { return std::size_t(nx) * std::size_t(ny); }
  [[nodiscard]] std::size_t index(int i, int j) const { return std::size_t(j) * std::size_t(nx) + std::size_t(i); }
  [[nodiscard]] double x_center(int i) const { return x_min + (i + 0.5) * dx; }
  [[nodiscard]] double y_center(int j) const { return y_min + (j + 0.5) * dy; }
  [[nodiscard]] double x_max() const { return x_min + nx * dx; }
  [[nodiscard]] double y_max() const { return y_min + ny * dy; }
  [[nodiscard]] double cell_area() const { return dx * dy; }
  [[nodiscard]] bool contains(int i, int j) const { return i >= 0 && j >= 0 && i < nx && j < ny; }
  // The cell containing the point, if any (points on an east/north edge belong to the next cell).
  [[nodiscard]] std::optional<CellIndex> cell_at(double x, double y) const;
  // Same lattice: identical size, origin and spacing (to a tolerance of 1e-6 of a cell).
  [[nodiscard]] bool same_lattice(const GridGeometry& other) const;
};

}  // namespace polder
