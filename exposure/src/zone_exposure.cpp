#include "polder/exposure/zone_exposure.hpp"

#include <algorithm>
#include <stdexcept>

namespace polder {

ZoneExposure zone_exposure(const ZoneMap& zones, const ZoneInputs& in) {
  const std::size_t n = in.people.size();
  const std::size_t count = zones.names.size();
  if (zones.zone_of_cell.size() != n || in.active.size() != n || in.max_depth.size() != n ||
      in.arrival_minute.size() != n * in.thresholds || in.thresholds == 0 || in.last_minute < 0 ||
      zones.ids.size() != count)
    throw std::invalid_argument("zone_exposure: sizes do not match the grid");
  const auto minutes = static_cast<std::size_t>(in.last_minute) + 1;
  ZoneExposure out;
  out.zones.resize(count);
  out.people_reached.assign(in.thresholds, std::vector<std::vector<double>>(count, std::vector<double>(minutes, 0.0)));
  std::vector<std::size_t> flooded(count, 0);
  for (std::size_t z = 0; z < count; ++z) {
    out.zones[z].name = zones.names[z];
    out.zones[z].zone_id = zones.ids[z];
  }

  // One pass: totals, depths and newly reached people per minute (summed up below).
  for (std::size_t k = 0; k < n; ++k) {
    if (in.active[k] == 0) continue;
    const std::int32_t z = zones.zone_of_cell[k];
    if (z < 0) {
      out.people_outside_zones += in.people[k];
      continue;
    }
    ZoneRow& row = out.zones[std::size_t(z)];
    row.people += in.people[k];
    for (std::size_t t = 0; t < in.thresholds; ++t) {
      const std::int32_t a = in.arrival_minute[t * n + k];
      if (a < 0) continue;
      out.people_reached[t][std::size_t(z)][std::min(std::size_t(a), minutes - 1)] += in.people[k];
      if (t > 0) continue;
      row.first_arrival = row.first_arrival ? std::min(*row.first_arrival, a) : a;
      ++flooded[std::size_t(z)];
      row.max_depth_mean += in.max_depth[k];
    }
    row.max_depth_max = std::max(row.max_depth_max, in.max_depth[k]);
  }

  for (std::size_t z = 0; z < count; ++z) {
    ZoneRow& row = out.zones[z];
    for (auto& per_zone : out.people_reached)
      for (std::size_t m = 1; m < minutes; ++m) per_zone[z][m] += per_zone[z][m - 1];
    const std::vector<double>& curve = out.people_reached[0][z];
    if (flooded[z] > 0) row.max_depth_mean /= double(flooded[z]);
    row.flooded_area_km2 = double(flooded[z]) * in.cell_area_m2 / 1e6;
    for (std::size_t h = 0; h < std::size(zone_hours); ++h)
      row.people_within[h] = curve[std::min(std::size_t(zone_hours[h]) * 60, minutes - 1)];
    if (!(row.people > 0.0)) continue;
    for (std::size_t p = 0; p < std::size(zone_percentages); ++p) {
      // A relative tolerance keeps round-off in the running sum from hiding "exactly 50 %".
      const double goal = row.people * zone_percentages[p] / 100.0 * (1.0 - 1e-12);
      const auto hit = std::find_if(curve.begin(), curve.end(), [goal](double v) { return v >= goal; });
      if (hit != curve.end()) row.minutes_to_percent[p] = static_cast<std::int32_t>(hit - curve.begin());
    }
  }
  return out;
}

}  // namespace polder
