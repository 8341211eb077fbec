#include "polder/app/run_pipeline.hpp"

#include <chrono>
#include <cmath>
#include <iostream>
#include <ostream>
#include <sstream>
#include <thread>

#include "polder/app/error_report.hpp"
#include "polder/app/exposure_overlay.hpp"
#include "polder/app/model_setup.hpp"
#include "polder/app/progress_reporter.hpp"
#include "polder/app/summary.hpp"
#include "polder/parallel/comm.hpp"
#include "polder/scenarios/config_error.hpp"
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

// A failure inside the time loop of a split run may hit one rank only (memory, a device error)
// while the others wait for it in a halo exchange or a reduction, which no agreement can reach.
// The failing rank reports and stops the whole job. When the root fails as well (a failure every
// rank sees, such as a collapsed time step) its line comes first: other ranks wait a moment
// before printing, and the root's stop usually ends them before they do.
SimulationResult run_or_stop_every_rank(Simulation& sim, bool quiet) {
  try {
    return sim.run(make_progress_reporter(quiet));
  } catch (...) {
    const parallel::Failure f = describe_failure(std::current_exception());
    if (!parallel::is_root()) std::this_thread::sleep_for(std::chrono::seconds(2));
    std::cerr << f.message << (parallel::is_root() ? "" : " (on MPI rank " + std::to_string(parallel::rank()) + ")")
              << std::endl;
    parallel::abort_all(f.exit_code);
  }
}

ExposureInputs exposure_inputs(const Scenario& sc) {
  const ExposureConfig& e = sc.exposure;
  return {e.population, e.population_points, e.livestock, e.species_rasters, e.zones,
          ZoneOptions{e.zone_name_field, e.zone_id_field}, e.settings};
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
  // Only the root writes: under MPI the folder need not exist on other nodes.
  if (parallel::is_root() && out.has_parent_path() && !std::filesystem::is_directory(out.parent_path()))
    throw ConfigError(out.string(), "", "the folder for the result file does not exist");
  sc.output.file = out;  // the log and the stored configuration show where the result went
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

  // Decomposed over the MPI ranks when asked (polder run under mpirun); a collective from the backend on.
  const bool decomposed = options.decompose && parallel::size() > 1;

  // Read before the run, so that a bad exposure file fails in seconds rather than after the
  // simulation. In a split run only the root overlays; its failure here meets the other ranks
  // at the backend's checkpoint.
  const ExposureInputs exposure_in = exposure_inputs(sc);
  const std::optional<PreparedExposure> prepared =
      exposure_in.any() && (!decomposed || parallel::is_root())
          ? std::optional(prepare_exposure(exposure_in, model.swe.geometry, model.swe.active, log))
          : std::nullopt;

  // Every input is read before the backend exists: under MPI a failure up to its checkpoint is
  // agreed on by all ranks; after it, only a stop of the whole job is left (below).
  const std::optional<RainParams> rain = sc.rain ? std::optional(rain_params(*sc.rain, model)) : std::nullopt;

  const BackendKind kind = choose_backend(sc.simulation.backend);
  auto backend = decomposed ? make_distributed_backend(kind, model.swe, sc.simulation.precision)
                            : make_backend(kind, model.swe, sc.simulation.precision);
  log << "backend: " << backend->name() << "\n";
  std::optional<Simulation> sim;
  try {
    sim.emplace(std::move(backend), sc.simulation.run, sc.boundary, model.breaches, sc.inflows, model.swe.active);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(sc.file.string(), "", e.what());  // e.g. an inflow point on a nodata cell
  }
  if (rain) sim->set_rain(*rain);
  const SimulationResult result = decomposed ? run_or_stop_every_rank(*sim, options.quiet)
                                             : sim->run(make_progress_reporter(options.quiet));
  // The maps were gathered to the root; it alone does the exposure and writes the result.
  if (decomposed && !parallel::is_root()) return {out, "", {}};

  ExposureOutput exposure;
  if (prepared)
    exposure = overlay_exposure(*prepared, {model.swe.geometry, model.swe.active, sc.thresholds, result.maps, result.end_time_s},
                                sc.exposure.settings, sc.file.string(), log);
  SummaryFigures summary = summarise(result, model.swe.geometry, model.swe.active, sc.thresholds, exposure.curves);
  append_exposure_summary(summary, exposure, sc.thresholds, result.end_time_s);

  ResultContent content;
  content.geometry = model.swe.geometry;
  content.active = model.swe.active;
  content.thresholds = sc.thresholds;
  content.simulation = &result;
  content.breach_locations = model.breach_locations;
  content.exposure = exposure.curves;
  content.zone_exposure = exposure.zones;
  content.farms = exposure.farms;
  content.scenario_name = sc.info.name;
  content.scenario_text = sc.text;
  content.resolved_configuration = describe(sc);
  content.reference_time = sc.info.reference_time;
  content.summary = summary.values;
  write_result_file(out, content);
  std::vector<std::filesystem::path> tables;
  try {
    const ZoneMap* zone_cells = prepared && prepared->zones ? &*prepared->zones : nullptr;
    tables = write_exposure_tables(out, exposure, model.swe.geometry, model.swe.active, sc.thresholds, zone_cells);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(out, ignored);  // no partial output: the result goes with its tables
    throw;
  }
  return {out, summary.text, tables};
}

}  // namespace polder
