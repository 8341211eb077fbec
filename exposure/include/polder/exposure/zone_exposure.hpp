#pragma once
// People, animals and depths per zone (municipality, district): curves, a summary table, the
// evacuation priority and the suppression of figures based on too few farms or persons.
#include <cstdint>
#include <string>
#include <vector>

#include "polder/exposure/evacuation_parameters.hpp"
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
  bool has_people = true;        // false: no population was given (people is all zero)
  const std::vector<std::string>* species = nullptr;                // livestock species names
  const std::vector<std::vector<double>>* species_cells = nullptr;  // [species][cell] head counts
  const std::vector<std::size_t>* farm_cells = nullptr;             // the cell of every farm point on the grid
};

// Only model cells (active) count. Flooded = reached at the first threshold, as in the run summary.
// minutes_to_percent is the first minute whose cumulative count reaches the share of the zone's
// people (none when the zone has no people or the share is never reached).
[[nodiscard]] ZoneExposure zone_exposure(const ZoneMap& zones, const ZoneInputs& in);

// Fills every zone's priority: arrival = the zone's first arrival at threshold `threshold`; time
// needed = the larger of moving its people (one road out) and its animals (trucks_per_zone);
// then ranks the zones (docs/exposure.md).
void zone_priorities(ZoneExposure& z, std::size_t threshold, const EvacuationParameters& p);

// Withholds figures based on more than 0 but fewer than min_count persons (people figures) or farm points (animal
// figures; with no farm points in the zone, fewer than min_count animals): they become NaN, or no
// time, and the zone's *_suppressed flag is set. Priority times derived from withheld counts
// become NaN too; the rank stays. min_count <= 0 withholds nothing.
void suppress_small_zones(ZoneExposure& z, double min_count);

}  // namespace polder
