#pragma once
// Per farm: arrival at the farm's cell, the depth there, and its evacuation priority.
#include <cstdint>
#include <vector>

#include "polder/exposure/evacuation_parameters.hpp"
#include "polder/exposure/point_counts.hpp"
#include "polder/grids/io/zones.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

struct FarmInputs {
  const std::vector<std::int32_t>& arrival_minute;  // threshold-major, -1 = never
  std::size_t thresholds = 1;
  const std::vector<std::uint8_t>& active;
  const std::vector<double>& max_depth;
  const ZoneMap* zones = nullptr;
  std::size_t priority_threshold = 0;
};

// One row per farm point, in file order. `cells` from place_points (none = off the grid). A farm
// off the grid or on a cell outside the model has no arrival and no depth. Rows with the same
// farm id are one farm: its time needed covers all their species with trucks_per_farm trucks.
// Farms are ranked as docs/exposure.md says (never reached after all reached ones).
[[nodiscard]] std::vector<FarmRow> farm_table(const std::vector<FarmPoint>& farms,
                                              const std::vector<std::optional<std::size_t>>& cells,
                                              const FarmInputs& in, const EvacuationParameters& p);

}  // namespace polder
