#pragma once
// Evacuation priority: the time an evacuation needs against the time the water leaves, per zone
// and per farm (docs/exposure.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "polder/exposure/evacuation_parameters.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

// Head counts by species name.
using Heads = std::vector<std::pair<std::string, double>>;
using Priority = EvacuationPriority;

// Minutes to move `people` out of one zone: mobilisation + the vehicles over the road's outflow
// capacity. 0 when there is nobody to move.
[[nodiscard]] double people_time_needed(double people, const EvacuationParameters& p);

// Minutes to move the animals with `trucks` trucks working in parallel: mobilisation, then per
// species ceil(ceil(heads / animals_per_truck) / trucks) rounds of loading, species one after the
// other, with a round trip between consecutive rounds. Done when the last truck is loaded and
// leaves. 0 when there are no animals.
[[nodiscard]] double livestock_time_needed(const Heads& heads, double trucks, const EvacuationParameters& p);

// People plus animals weighted by their species' weight: the tie-break of the ranking.
[[nodiscard]] double priority_weight(double people, const Heads& heads, const EvacuationParameters& p);

// The priority of one zone or farm from its arrival (none = never reached) and time needed.
[[nodiscard]] Priority make_priority(std::optional<std::int32_t> arrival, double time_needed_min, double weight,
                                     const EvacuationParameters& p);

// Ranks 1..n: reached entries by latest safe start (earliest first), ties by weight (largest
// first), then by position; entries never reached come after all reached ones, by weight.
void assign_ranks(std::vector<Priority*>& entries);

// The parameters as readable lines (the log, and an attribute of /exposure in the result).
[[nodiscard]] std::string describe_parameters(const EvacuationParameters& p, double threshold_m);

}  // namespace polder
