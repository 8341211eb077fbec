#include "polder/app/exposure_command.hpp"

#include <iostream>
#include <sstream>

#include "polder/app/exposure_overlay.hpp"
#include "polder/exposure/population_curves.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/results/hazard_file.hpp"
#include "polder/results/result_file.hpp"
#include "polder/scenarios/config_error.hpp"
#include "polder/scenarios/scenario.hpp"

namespace polder {

namespace {

namespace fs = std::filesystem;

const std::string command = "polder exposure";

// The [exposure] section of --config, if any, overridden by the command-line flags.
ExposureConfig merged_config(const ExposureCommandOptions& o) {
  ExposureConfig e = o.config ? load_exposure_file(*o.config) : ExposureConfig{};
  const auto existing = [](const fs::path& p, const std::string& flag) {
    if (!fs::exists(p)) throw ConfigError(p.string(), flag, "file not found");
    return p;
  };
  if (o.population) e.population = existing(*o.population, "--population");
  if (o.population_points) e.population_points = existing(*o.population_points, "--population-points");
  if (o.livestock) e.livestock = existing(*o.livestock, "--livestock");
  if (o.zones) e.zones = existing(*o.zones, "--zones");
  for (const std::string& item : o.species_rasters) {
    const auto eq = item.find('=');
    const std::string name = eq == std::string::npos ? "" : item.substr(0, eq);
    const bool name_ok = !name.empty() && name.size() <= 40 && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
    if (!name_ok)
      throw ConfigError(command, "--species-raster",
                        "expects NAME=FILE with a lower-case species name (e.g. cattle=cattle.tif), got '" + item + "'");
    e.species_rasters.emplace_back(name, existing(item.substr(eq + 1), "--species-raster"));
  }
  if (o.zone_name_field) e.zone_name_field = *o.zone_name_field;
  if (o.zone_id_field) e.zone_id_field = *o.zone_id_field;
  if (o.threshold_m) {
    if (!(*o.threshold_m > 0.0)) throw ConfigError(command, "--threshold", "must be > 0 m");
    e.settings.evacuation.threshold_m = *o.threshold_m;
  }
  if (o.lead_time_min) e.settings.evacuation.lead_time_min = *o.lead_time_min;
  if (o.min_count) {
    if (!(*o.min_count >= 0.0)) throw ConfigError(command, "--min-count", "must be >= 0");
    e.settings.min_count = *o.min_count;
  }
  if (o.farm_rows) e.settings.farm_rows = true;
  if (!e.any())
    throw ConfigError(command, "", "nothing to overlay: give --population, --population-points, --livestock or --species-raster");
  return e;
}

}  // namespace

fs::path exposure_output_path(const ExposureCommandOptions& o) {
  if (o.out) return *o.out;
  return fs::current_path() / (o.hazard.stem().string() + ".exposure.h5");
}

ExposureReport run_exposure(const ExposureCommandOptions& o, std::ostream& log) {
  const ExposureConfig config = merged_config(o);
  const fs::path out = exposure_output_path(o);
  if (out.has_parent_path() && !fs::is_directory(out.parent_path()))
    throw ConfigError(out.string(), "--out", "the folder for the output file does not exist");
  std::error_code ec;
  if (fs::exists(out) && fs::equivalent(out, o.hazard, ec))
    throw ConfigError(out.string(), "--out", "is the hazard file itself; polder exposure never modifies its input");

  const HazardFile hazard = read_hazard_file(o.hazard);
  if (o.threshold_m) (void)threshold_index(hazard.thresholds, *o.threshold_m, o.hazard.string(), "--threshold");
  log << "hazard: " << o.hazard.string() << " (scenario '" << hazard.scenario_name << "', " << hazard.geometry.nx << " x "
      << hazard.geometry.ny << " cells, " << hazard.thresholds.size() << " thresholds)\n";
  const ExposureInputs inputs{config.population, config.population_points, config.livestock, config.species_rasters,
                              config.zones, ZoneOptions{config.zone_name_field, config.zone_id_field}, config.settings};
  const PreparedExposure prepared = prepare_exposure(inputs, hazard.geometry, hazard.active, log);
  const HazardView view{hazard.geometry, hazard.active, hazard.thresholds, hazard.simulation.maps,
                        hazard.simulation.end_time_s};
  ExposureOutput overlay =
      overlay_exposure(prepared, view, config.settings, o.config ? o.config->string() : command, log);
  // Without a population of its own the overlay keeps the hazard run's people curves, so that the
  // output still answers "how many people, when" as its copied summary figures do.
  if (!prepared.has_people && hazard.people && overlay.curves &&
      !hazard.people->reached.empty() && hazard.people->reached[0].size() == overlay.curves->minute.size()) {
    ExposureCurves& c = *overlay.curves;
    c.has_people = true;
    c.people_reached = hazard.people->reached;
    c.people_new = hazard.people->fresh;
    c.population_in_domain = hazard.people->in_domain;
    c.population_outside_domain = hazard.people->outside_domain;
    c.reported["people_curves_from_hazard"] = 1.0;
    log << "population: no population given; the people curves of " << o.hazard.string() << " are kept ("
        << c.population_in_domain << " in the model domain)\n";
  }

  SummaryFigures summary;
  summary.text = "polder exposure summary\n";
  append_exposure_summary(summary, overlay, hazard.thresholds, hazard.simulation.end_time_s);

  ResultContent content;
  content.geometry = hazard.geometry;
  content.active = hazard.active;
  content.thresholds = hazard.thresholds;
  content.simulation = &hazard.simulation;
  content.exposure = overlay.curves;
  content.zone_exposure = overlay.zones;
  content.farms = overlay.farms;
  content.copy_series_from = o.hazard;
  content.scenario_name = hazard.scenario_name;
  content.scenario_text = hazard.scenario_text;
  content.resolved_configuration = hazard.resolved_configuration;
  content.reference_time = hazard.reference_time;
  // The hazard's flood figures stay; its exposure figures are replaced by the overlay's.
  content.summary = hazard.summary;
  std::erase_if(content.summary, [](const auto& kv) {
    const std::string& k = kv.first;
    return k.rfind("people_reached_", 0) == 0 || k.rfind("animals_", 0) == 0 || k.rfind("farms", 0) == 0;
  });
  if (overlay.curves && overlay.curves->has_people)
    for (int h : {1, 3, 6, 12, 24, 48})
      content.summary["people_reached_" + std::to_string(h) + "h"] = people_reached_by(*overlay.curves, 0, h * 60);
  for (const auto& [key, value] : summary.values) content.summary[key] = value;
  content.title = "polder exposure overlay: " + hazard.scenario_name + " (hazard " + o.hazard.filename().string() + ")";
  write_result_file(out, content);
  ExposureReport report{out, {}, summary.text};
  try {
    report.tables = write_exposure_tables(out, overlay, hazard.geometry, hazard.active, hazard.thresholds,
                                          prepared.zones ? &*prepared.zones : nullptr);
  } catch (...) {
    fs::remove(out, ec);  // no partial output
    throw;
  }
  return report;
}

int exposure_command(const ExposureCommandOptions& options) {
  std::ostringstream discard;
  std::ostream& log = options.quiet ? static_cast<std::ostream&>(discard) : std::cout;
  try {
    const ExposureReport report = run_exposure(options, log);
    std::cout << report.summary;
    for (const auto& t : report.tables) std::cout << "table: " << t.string() << "\n";
    std::cout << "result: " << report.result_file.string() << "\n";
    return 0;
  } catch (const ConfigError& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const RasterError& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const IoError& e) {
    std::cerr << "polder: error: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "polder: internal error: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace polder
