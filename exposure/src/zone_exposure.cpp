#include "polder/exposure/zone_exposure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "polder/exposure/priority.hpp"

namespace polder {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

using ZoneCurves = std::vector<std::vector<std::vector<double>>>;  // [threshold][zone][minute]

// Cumulative per-zone curves of one count layer, and its total per zone (model cells only).
ZoneCurves zone_curves(const ZoneMap& zones, const ZoneInputs& in, const std::vector<double>& counts,
                       std::vector<double>& totals, double& outside_zones) {
  const std::size_t n = counts.size(), count = zones.names.size();
  const auto minutes = static_cast<std::size_t>(in.last_minute) + 1;
  ZoneCurves curves(in.thresholds, std::vector<std::vector<double>>(count, std::vector<double>(minutes, 0.0)));
  totals.assign(count, 0.0);
  outside_zones = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    if (in.active[k] == 0 || counts[k] == 0.0) continue;
    const std::int32_t z = zones.zone_of_cell[k];
    if (z < 0) {
      outside_zones += counts[k];
      continue;
    }
    totals[std::size_t(z)] += counts[k];
    for (std::size_t t = 0; t < in.thresholds; ++t) {
      const std::int32_t a = in.arrival_minute[t * n + k];
      if (a >= 0) curves[t][std::size_t(z)][std::min(std::size_t(a), minutes - 1)] += counts[k];
    }
  }
  for (auto& per_zone : curves)
    for (auto& curve : per_zone)
      for (std::size_t m = 1; m < minutes; ++m) curve[m] += curve[m - 1];
  return curves;
}

double at_hour(const std::vector<double>& curve, int hour) {
  return curve[std::min(std::size_t(hour) * 60, curve.size() - 1)];
}

}  // namespace

ZoneExposure zone_exposure(const ZoneMap& zones, const ZoneInputs& in) {
  const std::size_t n = in.people.size();
  const std::size_t count = zones.names.size();
  const std::size_t species = in.species ? in.species->size() : 0;
  if (zones.zone_of_cell.size() != n || in.active.size() != n || in.max_depth.size() != n ||
      in.arrival_minute.size() != n * in.thresholds || in.thresholds == 0 || in.last_minute < 0 ||
      zones.ids.size() != count || (species > 0 && (!in.species_cells || in.species_cells->size() != species)))
    throw std::invalid_argument("zone_exposure: sizes do not match the grid");
  ZoneExposure out;
  out.has_people = in.has_people;
  out.zones.resize(count);
  std::vector<std::size_t> flooded(count, 0);
  for (std::size_t z = 0; z < count; ++z) {
    out.zones[z].name = zones.names[z];
    out.zones[z].zone_id = zones.ids[z];
    out.zones[z].first_arrival_at.assign(in.thresholds, std::nullopt);
  }

  // Arrivals and depths per zone.
  for (std::size_t k = 0; k < n; ++k) {
    const std::int32_t z = zones.zone_of_cell[k];
    if (in.active[k] == 0 || z < 0) continue;
    ZoneRow& row = out.zones[std::size_t(z)];
    for (std::size_t t = 0; t < in.thresholds; ++t) {
      const std::int32_t a = in.arrival_minute[t * n + k];
      if (a < 0) continue;
      auto& first = row.first_arrival_at[t];
      first = first ? std::min(*first, a) : a;
      if (t > 0) continue;
      ++flooded[std::size_t(z)];
      row.max_depth_mean += in.max_depth[k];
    }
    row.max_depth_max = std::max(row.max_depth_max, in.max_depth[k]);
  }

  std::vector<double> totals;
  out.people_reached = zone_curves(zones, in, in.people, totals, out.people_outside_zones);
  for (std::size_t z = 0; z < count; ++z) {
    ZoneRow& row = out.zones[z];
    row.people = totals[z];
    row.first_arrival = row.first_arrival_at[0];
    if (flooded[z] > 0) row.max_depth_mean /= double(flooded[z]);
    row.flooded_area_km2 = double(flooded[z]) * in.cell_area_m2 / 1e6;
    const std::vector<double>& curve = out.people_reached[0][z];
    for (std::size_t h = 0; h < std::size(zone_hours); ++h) row.people_within[h] = at_hour(curve, zone_hours[h]);
    if (!(row.people > 0.0)) continue;
    for (std::size_t p = 0; p < std::size(zone_percentages); ++p) {
      // A relative tolerance keeps round-off in the running sum from hiding "exactly 50 %".
      const double goal = row.people * zone_percentages[p] / 100.0 * (1.0 - 1e-12);
      const auto hit = std::find_if(curve.begin(), curve.end(), [goal](double v) { return v >= goal; });
      if (hit != curve.end()) row.minutes_to_percent[p] = static_cast<std::int32_t>(hit - curve.begin());
    }
  }
  if (!in.has_people) out.people_reached.clear();

  for (std::size_t s = 0; s < species; ++s) {
    out.species.push_back((*in.species)[s]);
    double outside = 0.0;
    out.animals_reached.push_back(zone_curves(zones, in, (*in.species_cells)[s], totals, outside));
    out.animals_outside_zones.push_back(outside);
    for (std::size_t z = 0; z < count; ++z) {
      ZoneRow& row = out.zones[z];
      row.animals.push_back(totals[z]);
      std::vector<double> within;
      for (int h : zone_hours) within.push_back(at_hour(out.animals_reached[s][0][z], h));
      row.animals_within.push_back(std::move(within));
    }
  }
  if (in.farm_cells)
    for (std::size_t k : *in.farm_cells)
      if (in.active[k] != 0 && zones.zone_of_cell[k] >= 0) ++out.zones[std::size_t(zones.zone_of_cell[k])].farms;
  return out;
}

void zone_priorities(ZoneExposure& z, std::size_t threshold, const EvacuationParameters& p) {
  std::vector<Priority*> entries;
  for (ZoneRow& row : z.zones) {
    Heads heads;
    for (std::size_t s = 0; s < z.species.size(); ++s) heads.emplace_back(z.species[s], row.animals[s]);
    const double needed =
        std::max(people_time_needed(row.people, p), livestock_time_needed(heads, p.trucks_per_zone, p));
    row.priority = make_priority(row.first_arrival_at.at(threshold), needed, priority_weight(row.people, heads, p), p);
    entries.push_back(&row.priority);
  }
  assign_ranks(entries);
}

void suppress_small_zones(ZoneExposure& z, double min_count) {
  z.min_count = std::max(0.0, min_count);
  if (!(min_count > 0.0)) return;
  const std::size_t zones = z.zones.size();
  for (std::size_t k = 0; k < zones; ++k) {
    ZoneRow& row = z.zones[k];
    if (z.has_people && row.people > 0.0 && row.people < min_count) {
      row.people_suppressed = true;
      row.people = nan;
      for (double& v : row.people_within) v = nan;
      for (auto& m : row.minutes_to_percent) m.reset();
      for (auto& per_zone : z.people_reached) std::fill(per_zone[k].begin(), per_zone[k].end(), nan);
    }
    double animals = 0.0;
    for (double a : row.animals) animals += a;
    const bool few = row.farms > 0 ? row.farms < min_count : animals < min_count;
    if (!z.species.empty() && few && animals > 0.0) {
      row.animals_suppressed = true;
      for (double& a : row.animals) a = nan;
      for (auto& within : row.animals_within) std::fill(within.begin(), within.end(), nan);
      for (auto& per_species : z.animals_reached)
        for (auto& per_zone : per_species) std::fill(per_zone[k].begin(), per_zone[k].end(), nan);
    }
    if (row.people_suppressed || row.animals_suppressed) {
      row.priority.time_needed_min = nan;
      row.priority.weight = nan;
      if (row.priority.latest_safe_start) row.priority.latest_safe_start = nan;
      if (row.priority.slack_min) row.priority.slack_min = nan;
    }
  }
  // A withheld zone's place in the ranking would bound its withheld latest safe start between its
  // neighbours': it gets no rank, and the published zones are ranked 1, 2, ... among themselves.
  std::vector<ZoneRow*> published;
  for (ZoneRow& row : z.zones) {
    if (row.people_suppressed || row.animals_suppressed) row.priority.rank = 0;
    else published.push_back(&row);
  }
  std::sort(published.begin(), published.end(),
            [](const ZoneRow* a, const ZoneRow* b) { return a->priority.rank < b->priority.rank; });
  for (std::size_t r = 0; r < published.size(); ++r) published[r]->priority.rank = static_cast<std::int32_t>(r + 1);
}

}  // namespace polder
