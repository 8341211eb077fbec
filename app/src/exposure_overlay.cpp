#include "polder/app/exposure_overlay.hpp"

#include "polder/app/table_text.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <set>

#include "polder/exposure/farm_exposure.hpp"
#include "polder/exposure/population_curves.hpp"
#include "polder/exposure/priority.hpp"
#include "polder/exposure/zone_exposure.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/grids/io/regrid.hpp"
#include "polder/scenarios/config_error.hpp"

namespace polder {

namespace {

constexpr const char* named_species[] = {"cattle", "pigs", "poultry", "sheep", "goats", "horses"};

// A count raster on the flood grid; negative counts are refused (a count cannot be below zero).
// The totals are also kept as /exposure attributes <key>_total, <key>_off_grid, <key>_reprojected.
RegriddedCounts counts_on_grid(const std::filesystem::path& file, const GridGeometry& grid, const std::string& what,
                               const std::string& key, std::map<std::string, double>& reported, std::ostream& log) {
  const RasterLayer layer = read_raster(file);
  // Checked in the source: after regridding a negative cell could hide in a sum or off the grid.
  for (std::size_t k = 0; k < layer.values.size(); ++k)
    if (layer.valid[k] != 0 && layer.values[k] < 0.0)
      throw RasterError(file, "has a negative count (" + std::to_string(layer.values[k]) + ") in row " +
                                  std::to_string(layer.geometry.ny - 1 - int(k / std::size_t(layer.geometry.nx))) +
                                  ", column " + std::to_string(k % std::size_t(layer.geometry.nx)) + " (rows from the north)");
  RegriddedCounts moved = regrid_counts(layer, file, grid);
  log << what << ": " << file.string() << " moved onto the flood grid: " << moved.method << "\n";
  if (moved.reprojected)
    log << what << ": reprojection kept the total: " << moved.source_total << " in the file, "
        << moved.source_total - moved.outside_grid << " on the flood grid, " << moved.outside_grid << " off it\n";
  reported[key + "_total"] = moved.source_total;
  reported[key + "_off_grid"] = moved.outside_grid;
  reported[key + "_reprojected"] = moved.reprojected ? 1.0 : 0.0;
  return moved;
}

}  // namespace

FarmCounts count_farms(const std::vector<FarmRow>& rows) {
  FarmCounts n;
  std::set<std::string> seen;
  for (const FarmRow& f : rows) {
    if (!seen.insert(f.farm_id).second) continue;  // the rows of one farm share its priority
    ++n.farms;
    if (f.priority.arrival) ++n.reached;
    if (f.priority.slack_min && *f.priority.slack_min < 0.0) ++n.late;
  }
  return n;
}

std::size_t threshold_index(const std::vector<double>& thresholds, double wanted, const std::string& source,
                            const std::string& key) {
  if (wanted == 0.0) return 0;
  for (std::size_t t = 0; t < thresholds.size(); ++t)
    if (std::abs(thresholds[t] - wanted) <= 1e-9 * std::max(1.0, wanted)) return t;
  std::string list;
  for (double t : thresholds) list += (list.empty() ? "" : ", ") + csv_number(t);
  throw ConfigError(source, key, "must be one of the arrival thresholds of the flood (" + list + " m), got " + csv_number(wanted));
}

PreparedExposure prepare_exposure(const ExposureInputs& in, const GridGeometry& grid, const std::vector<std::uint8_t>& active,
                                  std::ostream& log) {
  PreparedExposure p;
  const std::size_t n = grid.cell_count();
  p.people.assign(n, 0.0);
  if (in.population) {
    const RegriddedCounts moved = counts_on_grid(*in.population, grid, "population", "population_raster", p.reported, log);
    for (std::size_t k = 0; k < n; ++k) p.people[k] += moved.counts[k];
    p.people_off_grid += moved.outside_grid;
    p.has_people = true;
  }
  if (in.population_points) {
    const PeoplePoints pts = read_people_points(*in.population_points, grid.crs_wkt);
    const PlacedCounts placed = place_points(grid, pts.x, pts.y, pts.people);
    std::size_t outside = placed.points_off_grid;
    double people_outside = placed.off_grid;
    for (std::size_t k = 0; k < pts.people.size(); ++k)
      if (placed.cell[k] && active[*placed.cell[k]] == 0) {
        ++outside;
        people_outside += pts.people[k];
      }
    for (std::size_t k = 0; k < n; ++k) p.people[k] += placed.cells[k];
    p.people_off_grid += placed.off_grid;
    p.has_people = true;
    p.reported["population_points"] = double(pts.people.size());
    p.reported["population_points_outside_domain"] = double(outside);
    p.reported["population_points_people_outside_domain"] = people_outside;
    log << "population points: " << in.population_points->string() << ": " << pts.people.size() << " points; "
        << outside << " of them (" << people_outside << " people) outside the model domain\n";
  }

  std::map<std::string, std::vector<double>> cells;
  std::map<std::string, double> off_grid;
  const auto layer = [&](const std::string& species) -> std::vector<double>& {
    auto [it, is_new] = cells.try_emplace(species);
    if (is_new) it->second.assign(n, 0.0);
    return it->second;
  };
  if (in.livestock) {
    p.farms = read_farm_points(*in.livestock, grid.crs_wkt);
    std::vector<double> x, y, heads;
    for (const FarmPoint& f : p.farms) {
      x.push_back(f.x);
      y.push_back(f.y);
      heads.push_back(f.head_count);
    }
    const PlacedCounts placed = place_points(grid, x, y, heads);
    p.farm_cells = placed.cell;
    std::size_t outside = 0;
    double heads_outside = 0.0, total = 0.0;
    for (std::size_t k = 0; k < p.farms.size(); ++k) {
      const FarmPoint& f = p.farms[k];
      total += f.head_count;
      if (!placed.cell[k] || active[*placed.cell[k]] == 0) {
        ++outside;
        heads_outside += f.head_count;
      }
      if (placed.cell[k])
        layer(f.species)[*placed.cell[k]] += f.head_count;
      else
        off_grid[f.species] += f.head_count;
      layer(f.species);  // a species whose every farm is off the grid is still listed
    }
    p.reported["farm_points"] = double(p.farms.size());
    p.reported["farm_points_outside_domain"] = double(outside);
    p.reported["farm_head_outside_domain"] = heads_outside;
    log << "livestock: " << in.livestock->string() << ": " << p.farms.size() << " farm points, " << total << " head; "
        << outside << " farm points (" << heads_outside << " head) outside the model domain\n";
  }
  for (const auto& [species, file] : in.species_rasters) {
    const RegriddedCounts moved = counts_on_grid(file, grid, "livestock (" + species + ")", species + "_raster", p.reported, log);
    std::vector<double>& c = layer(species);
    for (std::size_t k = 0; k < n; ++k) c[k] += moved.counts[k];
    off_grid[species] += moved.outside_grid;
  }
  // The six named species in a fixed order, then any other by name.
  for (const char* s : named_species)
    if (cells.count(s)) p.species.emplace_back(s);
  for (const auto& [s, unused] : cells)
    if (std::find(p.species.begin(), p.species.end(), s) == p.species.end()) p.species.push_back(s);
  for (const std::string& s : p.species) {
    p.species_cells.push_back(std::move(cells[s]));
    p.species_off_grid.push_back(off_grid[s]);
  }

  if (in.zones) {
    p.zones = zones_on_grid(*in.zones, grid, in.zone_options);
    p.zones_from_polygons = is_vector_zone_file(*in.zones);
    log << "zones: " << p.zones->names.size() << " from " << in.zones->string() << ", " << p.zones->method << "\n";
  }
  return p;
}

ExposureOutput overlay_exposure(const PreparedExposure& prepared, const HazardView& h, const ExposureSettings& settings,
                                const std::string& settings_source, std::ostream& log) {
  ExposureOutput out;
  const std::size_t thresholds = h.thresholds.size();
  const EvacuationParameters& params = settings.evacuation;
  const std::size_t pt = threshold_index(h.thresholds, params.threshold_m, settings_source, "exposure.priority.threshold");
  const auto last_minute = static_cast<std::int32_t>(std::ceil(h.end_time_s / 60.0 - 1e-9));

  ExposureCurves c = population_curves(h.maps.arrival_minute, thresholds, prepared.people, h.active, last_minute,
                                       prepared.people_off_grid);
  c.has_people = prepared.has_people;
  if (c.has_people) {
    log << "population: " << c.population_in_domain << " in the model domain, " << c.population_outside_domain
        << " outside it (not exposed by this model)\n";
  } else {
    c.people_reached.clear();
    c.people_new.clear();
  }
  for (std::size_t s = 0; s < prepared.species.size(); ++s) {
    c.species.push_back(species_curves(prepared.species[s], h.maps.arrival_minute, thresholds, prepared.species_cells[s],
                                       h.active, last_minute, prepared.species_off_grid[s]));
    const SpeciesCurves& sc = c.species.back();
    log << "livestock (" << sc.species << "): " << sc.in_domain << " head in the model domain, " << sc.outside_domain
        << " outside it; " << sc.reached[0].back() << " reached by the end\n";
  }
  c.settings = describe_parameters(params, h.thresholds[pt]);
  c.reported = prepared.reported;
  c.reported["priority_threshold_m"] = h.thresholds[pt];
  c.reported["min_count"] = settings.min_count;

  if (prepared.zones) {
    // One cell per farm (id), so that min_count counts farms, not their species rows.
    std::vector<std::size_t> farm_cells;
    std::set<std::string> placed;
    for (std::size_t f = 0; f < prepared.farms.size(); ++f)
      if (const auto& cell = prepared.farm_cells[f]; cell && h.active[*cell] != 0 && placed.insert(prepared.farms[f].id).second)
        farm_cells.push_back(*cell);
    ZoneExposure z = zone_exposure(*prepared.zones,
                                   {h.maps.arrival_minute, thresholds, prepared.people, h.active, h.maps.max_depth,
                                    last_minute, h.grid.cell_area(), prepared.has_people, &prepared.species,
                                    &prepared.species_cells, prepared.farms.empty() ? nullptr : &farm_cells});
    zone_priorities(z, pt, params);
    suppress_small_zones(z, settings.min_count);
    if (z.has_people) log << "zones: " << z.people_outside_zones << " people on model cells outside any zone\n";
    out.zones = std::move(z);
  }
  if (!prepared.farms.empty()) {
    out.all_farms = farm_table(prepared.farms, prepared.farm_cells,
                               {h.maps.arrival_minute, thresholds, h.active, h.maps.max_depth,
                                prepared.zones ? &*prepared.zones : nullptr, pt},
                               params);
    const FarmCounts n = count_farms(out.all_farms);
    log << "farms: " << n.reached << " of " << n.farms << " reached at " << h.thresholds[pt] << " m; " << n.late
        << " cannot be evacuated in time (negative slack)\n";
    if (settings.farm_rows) out.farms = out.all_farms;
  }
  out.curves = std::move(c);
  return out;
}

}  // namespace polder
