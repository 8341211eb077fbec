#pragma once
// Given inflow hydrographs at a point or along a line, resolved onto grid cells.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "polder/grids/grid_geometry.hpp"
#include "polder/solver/time_series.hpp"

namespace polder {

enum class DischargeUnit { total_m3_per_s, per_metre_m2_per_s };

struct InflowParams {
  std::string name;
  std::vector<std::pair<double, double>> points;  // one point, or a polyline of two or more
  TimeSeries discharge;                             // against simulation time [s]
  DischargeUnit unit = DischargeUnit::total_m3_per_s;
};

struct InflowCell {
  std::size_t cell = 0;
  double weight = 0.0;  // Q_cell = weight · value: a share of the total, or a length [m] for m²/s
};

// Cells a line passes through, with the length of line inside each, sampled finely enough to be
// exact to 1e-6 of the total for straight segments. Throws std::invalid_argument when a point or
// part of the line is outside the grid or on a nodata cell.
[[nodiscard]] std::vector<InflowCell> resolve_inflow_cells(const GridGeometry& g, const std::vector<std::uint8_t>& active,
                                                           const InflowParams& p);

}  // namespace polder
