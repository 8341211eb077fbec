#include "polder/exposure/priority.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace polder {

double people_time_needed(double people, const EvacuationParameters& p) {
  if (!(people > 0.0)) return 0.0;
  const double vehicles = people / p.people_per_vehicle;
  return p.people_mobilisation_min + vehicles / p.road_capacity_vehicles_per_h * 60.0;
}

double livestock_time_needed(const Heads& heads, double trucks, const EvacuationParameters& p) {
  double loading = 0.0;
  double rounds = 0.0;
  for (const auto& [species, count] : heads) {
    if (!(count > 0.0)) continue;
    const SpeciesParameters& s = p.of(species);
    // A fractional head count (from a raster) still needs a truck for its last part.
    const double loads = std::ceil(count / s.animals_per_truck - 1e-9);
    const double r = std::ceil(loads / trucks - 1e-9);
    loading += r * s.loading_min;
    rounds += r;
  }
  if (rounds == 0.0) return 0.0;
  return p.livestock_mobilisation_min + loading + (rounds - 1.0) * p.truck_round_trip_min;
}

double priority_weight(double people, const Heads& heads, const EvacuationParameters& p) {
  double w = people;
  for (const auto& [species, count] : heads) w += count * p.of(species).weight;
  return w;
}

Priority make_priority(std::optional<std::int32_t> arrival, double time_needed_min, double weight,
                       const EvacuationParameters& p) {
  Priority out;
  out.arrival = arrival;
  out.time_needed_min = time_needed_min;
  out.weight = weight;
  if (!arrival) return out;
  const double a = *arrival;
  out.time_available_min = p.lead_time_min + a - p.decision_delay_min;
  out.latest_safe_start = a - time_needed_min;
  out.slack_min = *out.time_available_min - time_needed_min;
  return out;
}

void assign_ranks(std::vector<Priority*>& entries) {
  std::vector<std::size_t> order(entries.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Priority& x = *entries[a];
    const Priority& y = *entries[b];
    if (x.latest_safe_start.has_value() != y.latest_safe_start.has_value()) return x.latest_safe_start.has_value();
    if (x.latest_safe_start && *x.latest_safe_start != *y.latest_safe_start)
      return *x.latest_safe_start < *y.latest_safe_start;
    return x.weight > y.weight;
  });
  for (std::size_t r = 0; r < order.size(); ++r) entries[order[r]]->rank = static_cast<std::int32_t>(r + 1);
}

std::string describe_parameters(const EvacuationParameters& p, double threshold_m) {
  std::ostringstream o;
  o << "priority threshold " << threshold_m << " m; lead time " << p.lead_time_min << " min; decision delay "
    << p.decision_delay_min << " min\n"
    << "people: mobilisation " << p.people_mobilisation_min << " min, " << p.people_per_vehicle
    << " per vehicle, road capacity " << p.road_capacity_vehicles_per_h << " vehicles/h per zone\n"
    << "livestock: mobilisation " << p.livestock_mobilisation_min << " min, " << p.trucks_per_farm << " trucks per farm, "
    << p.trucks_per_zone << " per zone, round trip " << p.truck_round_trip_min << " min\n";
  for (const auto& [name, s] : p.species)
    o << "  " << name << ": " << s.animals_per_truck << " per truck, loading " << s.loading_min << " min, weight "
      << s.weight << "\n";
  return o.str();
}

}  // namespace polder
