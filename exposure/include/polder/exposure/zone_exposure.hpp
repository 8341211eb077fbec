#pragma once
// People reached and depths per zone (municipality, district): curves and a summary table.
#include <cstdint>
#include <vector>

#include "polder/grids/io/zones.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

// The flood grid's per-cell inputs, all of one size (arrival_minute: threshold-major, -1 = never).
struct ZoneInputs {
  const std::vector<std::int32_t>& arrival_minute;
  std::size_t thresholds = 1;
  const std::vector<double>& people;
  const std::vector<std::uint8_t>& active;
  const std::vector<double>& max_depth;
  std::int32_t last_minute = 0;  // curves run 0 .. last_minute; later arrivals count in the last minute
  double cell_area_m2 = 1.0;
};

// Only model cells (active) count. Flooded = reached at the first threshold, as in the run summary.
// minutes_to_percent is the first minute whose cumulative count reaches the share of the zone's
// people (none when the zone has no people or the share is never reached).
[[nodiscard]] ZoneExposure zone_exposure(const ZoneMap& zones, const ZoneInputs& in);

}  // namespace polder
