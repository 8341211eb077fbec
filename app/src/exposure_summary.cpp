// The livestock and farm lines of the end-of-run summary.
#include <algorithm>
#include <cstdio>
#include <string>

#include "polder/app/exposure_overlay.hpp"

namespace polder {

void append_exposure_summary(SummaryFigures& summary, const ExposureOutput& out, const std::vector<double>& thresholds,
                             double end_time_s) {
  if (!out.curves) return;
  char line[256];
  std::string t;
  if (!out.curves->species.empty()) {
    t += "  animals reached (depth >= " + std::to_string(thresholds.front()).substr(0, 6) + " m), within 6 / 12 / 24 / 48 h:\n";
    for (const SpeciesCurves& s : out.curves->species) {
      const auto& curve = s.reached.front();
      double at[4] = {};
      const int hours[4] = {6, 12, 24, 48};
      for (int k = 0; k < 4; ++k) {
        at[k] = curve.empty() ? 0.0 : curve[std::min(std::size_t(hours[k]) * 60, curve.size() - 1)];
        summary.values["animals_reached_" + s.species + "_" + std::to_string(hours[k]) + "h"] = at[k];
      }
      summary.values["animals_in_domain_" + s.species] = s.in_domain;
      std::snprintf(line, sizeof line, "    %-16s %.0f / %.0f / %.0f / %.0f of %.0f in the domain (outside: %.0f)%s\n",
                    s.species.c_str(), at[0], at[1], at[2], at[3], s.in_domain, s.outside_domain,
                    48 * 3600.0 > end_time_s + 1e-9 ? "  (run shorter than 48 h)" : "");
      t += line;
    }
  }
  if (!out.all_farms.empty()) {
    const FarmCounts n = count_farms(out.all_farms);
    const FarmRow* first = nullptr;
    for (const FarmRow& f : out.all_farms)
      if (f.priority.rank == 1 && first == nullptr) first = &f;
    summary.values["farms"] = double(n.farms);
    summary.values["farms_reached"] = double(n.reached);
    summary.values["farms_negative_slack"] = double(n.late);
    std::snprintf(line, sizeof line, "  farms                %zu, %zu reached, %zu with negative slack (cannot finish in time)\n",
                  n.farms, n.reached, n.late);
    t += line;
    if (first && first->priority.latest_safe_start) {
      std::snprintf(line, sizeof line, "    first to evacuate  farm %s (%s), latest safe start %.0f min\n",
                    first->farm_id.c_str(), first->species.c_str(), *first->priority.latest_safe_start);
      t += line;
    }
  }
  if (out.zones) {
    for (const ZoneRow& z : out.zones->zones)
      if (z.priority.rank == 1 && z.priority.latest_safe_start) {
        std::snprintf(line, sizeof line, "  first zone to evacuate %s, latest safe start %.0f min, slack %.0f min\n",
                      z.name.c_str(), *z.priority.latest_safe_start, z.priority.slack_min.value_or(0.0));
        t += line;
      }
  }
  summary.text += t;
}

}  // namespace polder
