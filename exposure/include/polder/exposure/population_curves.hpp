#pragma once
// People reached by the water, per whole minute after the simulation start.
#include <cstdint>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

// arrival_minute: threshold-major, -1 = never reached (TrackedMaps). people: per cell on the
// flood grid. Counts on cells outside the model (active = 0) go to population_outside_domain,
// together with `outside_grid` (counts that fell outside the grid when regridding).
// Curves run from minute 0 to last_minute inclusive; cumulative curves never decrease.
[[nodiscard]] ExposureCurves population_curves(const std::vector<std::int32_t>& arrival_minute, std::size_t thresholds,
                                               const std::vector<double>& people, const std::vector<std::uint8_t>& active,
                                               std::int32_t last_minute, double outside_grid);

// The same curves for the head of one species (counts per cell on the flood grid).
[[nodiscard]] SpeciesCurves species_curves(const std::string& species, const std::vector<std::int32_t>& arrival_minute,
                                           std::size_t thresholds, const std::vector<double>& heads,
                                           const std::vector<std::uint8_t>& active, std::int32_t last_minute,
                                           double outside_grid);

// People reached by minute m at threshold t (cumulative curve lookup; m beyond the end = last).
[[nodiscard]] double people_reached_by(const ExposureCurves& c, std::size_t threshold, std::int32_t minute);

}  // namespace polder
