#include "polder/exposure/population_curves.hpp"

#include <algorithm>
#include <stdexcept>

namespace polder {

ExposureCurves population_curves(const std::vector<std::int32_t>& arrival_minute, std::size_t thresholds,
                                 const std::vector<double>& people, const std::vector<std::uint8_t>& active,
                                 std::int32_t last_minute, double outside_grid) {
  const std::size_t n = people.size();
  if (active.size() != n || arrival_minute.size() != n * thresholds || last_minute < 0)
    throw std::invalid_argument("population_curves: sizes do not match the grid");
  ExposureCurves c;
  const auto minutes = static_cast<std::size_t>(last_minute) + 1;
  c.minute.resize(minutes);
  for (std::size_t m = 0; m < minutes; ++m) c.minute[m] = static_cast<std::int32_t>(m);
  c.population_outside_domain = outside_grid;
  for (std::size_t k = 0; k < n; ++k) (active[k] ? c.population_in_domain : c.population_outside_domain) += people[k];
  c.people_new.assign(thresholds, std::vector<double>(minutes, 0.0));
  c.people_reached.assign(thresholds, std::vector<double>(minutes, 0.0));
  for (std::size_t t = 0; t < thresholds; ++t) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::int32_t a = arrival_minute[t * n + k];
      if (active[k] == 0 || a < 0 || people[k] == 0.0) continue;
      c.people_new[t][std::min(static_cast<std::size_t>(a), minutes - 1)] += people[k];
    }
    double sum = 0.0;
    for (std::size_t m = 0; m < minutes; ++m) {
      sum += c.people_new[t][m];
      c.people_reached[t][m] = sum;
    }
  }
  return c;
}

SpeciesCurves species_curves(const std::string& species, const std::vector<std::int32_t>& arrival_minute,
                             std::size_t thresholds, const std::vector<double>& heads,
                             const std::vector<std::uint8_t>& active, std::int32_t last_minute, double outside_grid) {
  ExposureCurves c = population_curves(arrival_minute, thresholds, heads, active, last_minute, outside_grid);
  return {species, std::move(c.people_reached), std::move(c.people_new), c.population_in_domain,
          c.population_outside_domain};
}

double people_reached_by(const ExposureCurves& c, std::size_t threshold, std::int32_t minute) {
  const auto& curve = c.people_reached.at(threshold);
  if (curve.empty() || minute < 0) return 0.0;
  return curve[std::min(static_cast<std::size_t>(minute), curve.size() - 1)];
}

}  // namespace polder
