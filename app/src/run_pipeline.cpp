#include "polder/app/run_pipeline.hpp"

#include <cmath>
#include <ostream>
#include <sstream>

#include "polder/app/model_setup.hpp"
#include "polder/app/progress_reporter.hpp"
#include "polder/app/summary.hpp"
#include "polder/app/zone_table.hpp"
#include "polder/exposure/population_curves.hpp"
#include "polder/exposure/zone_exposure.hpp"
#include "polder/grids/io/regrid.hpp"
#include "polder/scenarios/config_error.hpp"
#include "polder/parallel/comm.hpp"
#include "polder/solver/backend_errors.hpp"
#include "polder/solver/distributed_backend.hpp"

namespace polder {

std::filesystem::path result_path(const Scenario& s, const std::optional<std::filesystem::path>& out) {
  if (out) return *out;
  if (s.output.file) return *s.output.file;
  return std::filesystem::current_path() / (s.info.name + ".h5");
}

namespace {

BackendKind choose_backend(BackendChoice c) {
  switch (c) {
    case BackendChoice::cpu:
      return BackendKind::cpu;
    case BackendChoice::cuda:
      return BackendKind::cuda;
    case BackendChoice::auto_select:
      break;
  }
  return resolve_auto_backend();
}

struct PopulationExposure {
  ExposureCurves curves;
  std::vector<double> people;  // on the flood grid
  std::int32_t last_minute = 0;
};

std::optional<PopulationExposure> population_exposure(const Scenario& sc, const ModelSetup& m,
                                                      const SimulationResult& r, std::ostream& log) {
  if (!sc.exposure.population) return std::nullopt;
  const RasterLayer pop = read_raster(*sc.exposure.population);
  const RegriddedCounts moved = regrid_counts(pop, *sc.exposure.population, m.swe.geometry);
  for (std::size_t k = 0; k < moved.counts.size(); ++k)
    if (moved.counts[k] < 0.0) throw RasterError(*sc.exposure.population, "has negative counts");
  log << "population: " << sc.exposure.population->string() << " moved onto the flood grid: " << moved.method << "\n";
  const auto last_minute = static_cast<std::int32_t>(std::ceil(r.end_time_s / 60.0 - 1e-9));
  ExposureCurves c = population_curves(r.maps.arrival_minute, sc.thresholds.size(), moved.counts.values(), m.swe.active,
                                       last_minute, moved.outside_grid);
  log << "population: " << c.population_in_domain << " in the model domain, " << c.population_outside_domain
      << " outside it (not exposed by this model)\n";
  return PopulationExposure{std::move(c), moved.counts.values(), last_minute};
}

// Read before the run, so that a bad zone file fails in seconds rather than after the simulation.
std::optional<ZoneMap> load_zones(const Scenario& sc, const ModelSetup& m, std::ostream& log) {
  if (!sc.exposure.zones) return std::nullopt;
  ZoneMap zones = zones_on_grid(*sc.exposure.zones, m.swe.geometry,
                                ZoneOptions{sc.exposure.zone_name_field, sc.exposure.zone_id_field});
  log << "zones: " << zones.names.size() << " from " << sc.exposure.zones->string() << ", " << zones.method << "\n";
  return zones;
}

std::optional<ZoneExposure> exposure_per_zone(const std::optional<ZoneMap>& zones, const Scenario& sc,
                                              const ModelSetup& m, const SimulationResult& r,
                                              const std::optional<PopulationExposure>& pop, std::ostream& log) {
  if (!zones || !pop) return std::nullopt;
  ZoneExposure z = zone_exposure(*zones, {r.maps.arrival_minute, sc.thresholds.size(), pop->people, m.swe.active,
                                         r.maps.max_depth, pop->last_minute, m.swe.geometry.cell_area()});
  log << "zones: " << z.people_outside_zones << " people on model cells outside any zone\n";
  return z;
}

// Scenario rain (mm/h) to the solver's (m/s); a raster intensity becomes a 1 mm/h series with
// the raster as per-cell factor.
RainParams rain_params(const RainConfig& rc, const ModelSetup& m) {
  constexpr double mm_per_h = 1e-3 / 3600.0;
  RainParams p;
  if (rc.intensity_mm_per_h) {
    std::vector<double> v = rc.intensity_mm_per_h->values();
    for (double& x : v) x *= mm_per_h;
    p.rate_m_per_s = TimeSeries(rc.intensity_mm_per_h->times(), v);
  } else if (rc.intensity_raster) {
    p.rate_m_per_s = TimeSeries::constant(mm_per_h);
    p.pattern = terrain_layer(ValueOrRaster{std::nullopt, rc.intensity_raster}, m.dem, "rain.intensity_raster");
    for (double x : p.pattern)
      if (x < 0.0) throw RasterError(*rc.intensity_raster, "(rain.intensity_raster) has a negative intensity");
  }
  p.loss_m_per_s = rc.loss_mm_per_h * mm_per_h;
  p.start_s = rc.start_s;
  if (rc.end_s) p.end_s = *rc.end_s;
  return p;
}

}  // namespace

RunReport run_scenario(const RunOptions& options, std::ostream& log) {
  return run_scenario(load_scenario(options.scenario), options, log);
}

RunReport run_scenario(Scenario sc, const RunOptions& options, std::ostream& log) {
  if (options.backend) sc.simulation.backend = *options.backend;
  const std::filesystem::path out = result_path(sc, options.out);
  if (out.has_parent_path() && !std::filesystem::is_directory(out.parent_path()))
    throw ConfigError(out.string(), "", "the folder for the result file does not exist");
  log << describe(sc);

  ModelSetup model = build_model(sc);
  for (const auto& loc : model.breach_locations)
    log << "breach '" << loc.name << "': snapped to domain-edge cell (column " << loc.column << ", row " << loc.row
        << ") centred at (" << loc.cell_x << ", " << loc.cell_y << "), " << loc.snap_distance_m << " m from the given point\n";
  for (const auto& b : model.breaches) {
    const auto& lvl = b.params().outside_level;
    if (lvl.times().size() > 1 && lvl.end_time() < sc.simulation.run.duration_s)
      log << "breach '" << b.params().name << "': outside level series ends at " << lvl.end_time() / 3600.0
          << " h; held at its last value " << lvl.values().back() << " m after that\n";
  }

  const std::optional<ZoneMap> zones = load_zones(sc, model, log);

  const BackendKind kind = choose_backend(sc.simulation.backend);
  // Decomposed over the MPI ranks when asked (polder run under mpirun); a collective from here on.
  const bool decomposed = options.decompose && parallel::size() > 1;
  auto backend = decomposed ? make_distributed_backend(kind, model.swe, sc.simulation.precision)
                            : make_backend(kind, model.swe, sc.simulation.precision);
  log << "backend: " << backend->name() << "\n";
  std::optional<Simulation> sim;
  try {
    sim.emplace(std::move(backend), sc.simulation.run, sc.boundary, model.breaches, sc.inflows, model.swe.active);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(sc.file.string(), "", e.what());  // e.g. an inflow point on a nodata cell
  }
  if (sc.rain) sim->set_rain(rain_params(*sc.rain, model));
  const SimulationResult result = sim->run(make_progress_reporter(options.quiet));
  // The maps were gathered to the root; it alone does the exposure and writes the result.
  if (decomposed && !parallel::is_root()) return {out, ""};

  const std::optional<PopulationExposure> population = population_exposure(sc, model, result, log);
  const std::optional<ExposureCurves> exposure =
      population ? std::optional<ExposureCurves>(population->curves) : std::nullopt;
  const SummaryFigures summary = summarise(result, model.swe.geometry, model.swe.active, sc.thresholds, exposure);

  ResultContent content;
  content.geometry = model.swe.geometry;
  content.active = model.swe.active;
  content.thresholds = sc.thresholds;
  content.simulation = &result;
  content.breach_locations = model.breach_locations;
  content.exposure = exposure;
  content.zone_exposure = exposure_per_zone(zones, sc, model, result, population, log);
  content.scenario_name = sc.info.name;
  content.scenario_text = sc.text;
  content.resolved_configuration = describe(sc);
  content.reference_time = sc.info.reference_time;
  content.summary = summary.values;
  write_result_file(out, content);
  if (content.zone_exposure) write_zone_table_csv(zone_table_path(out), *content.zone_exposure);
  return {out, summary.text};
}

}  // namespace polder
