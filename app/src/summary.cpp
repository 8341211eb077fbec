#include "polder/app/summary.hpp"

#include <cstdio>
#include <sstream>

#include "polder/exposure/population_curves.hpp"

namespace polder {

SummaryFigures summarise(const SimulationResult& r, const GridGeometry& g, const std::vector<std::uint8_t>& active,
                         const std::vector<double>& thresholds, const std::optional<ExposureCurves>& exposure) {
  SummaryFigures s;
  const std::size_t n = active.size();
  std::size_t cells = 0;
  std::size_t flooded = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (!active[k]) continue;
    ++cells;
    if (r.maps.arrival_minute[k] >= 0) ++flooded;  // first threshold
  }
  const double updates_per_s = r.wall_s > 0.0 ? double(cells) * double(r.steps) / r.wall_s : 0.0;
  const double area_km2 = double(flooded) * g.cell_area() / 1e6;
  s.values = {{"cells", double(cells)},
              {"wet_cells", double(flooded)},
              {"steps", double(r.steps)},
              {"wall_time_s", r.wall_s},
              {"cell_updates_per_s", updates_per_s},
              {"flooded_area_km2", area_km2},
              {"volume_injected_m3", r.volume.injected},
              {"volume_stored_m3", r.volume.stored},
              {"volume_relative_error", r.volume.relative_error()}};
  std::ostringstream t;
  char line[256];
  std::snprintf(line, sizeof line, "  model cells          %zu (%zu x %zu grid, %.4g m cells)\n", cells, std::size_t(g.nx),
                std::size_t(g.ny), g.dx);
  t << "polder run summary\n" << line;
  std::snprintf(line, sizeof line, "  wet cells            %zu (depth >= %.3g m at some time)\n", flooded, thresholds.front());
  t << line;
  std::snprintf(line, sizeof line, "  flooded area         %.2f km2\n", area_km2);
  t << line;
  std::snprintf(line, sizeof line, "  time steps           %ld over %.2f h simulated (%s)\n", r.steps, r.end_time_s / 3600.0,
                r.backend.c_str());
  t << line;
  std::snprintf(line, sizeof line, "  wall time            %.2f s, %.3g cell-updates/s\n", r.wall_s, updates_per_s);
  t << line;
  std::snprintf(line, sizeof line, "  volume injected      %.6e m3 (initial %.6e, outflow %.6e)\n", r.volume.injected,
                r.volume.initial, r.volume.outflow);
  t << line;
  std::snprintf(line, sizeof line, "  volume stored        %.6e m3, relative mass error %.2e\n", r.volume.stored,
                r.volume.relative_error());
  t << line;
  if (exposure && exposure->has_people) {
    t << "  people reached (depth >= " << thresholds.front() << " m):\n";
    for (int h : {1, 3, 6, 12, 24, 48}) {
      const double people = people_reached_by(*exposure, 0, h * 60);
      s.values["people_reached_" + std::to_string(h) + "h"] = people;
      std::snprintf(line, sizeof line, "    within %2d h        %.0f%s\n", h, people,
                    double(h) * 3600.0 > r.end_time_s + 1e-9 ? "  (beyond the simulated time)" : "");
      t << line;
    }
    std::snprintf(line, sizeof line, "    in the domain      %.0f (outside the domain: %.0f)\n", exposure->population_in_domain,
                  exposure->population_outside_domain);
    t << line;
  }
  s.text = t.str();
  return s;
}

}  // namespace polder
