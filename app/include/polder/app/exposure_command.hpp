#pragma once
// `polder exposure`: the exposure overlay on an existing result file, without re-running the
// flood and without modifying that file (docs/cli.md).
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace polder {

struct ExposureCommandOptions {
  std::filesystem::path hazard;                              // a polder result file, read only
  std::optional<std::filesystem::path> out;                  // default ./<hazard stem>.exposure.h5
  std::optional<std::filesystem::path> config;               // TOML with an [exposure] section
  std::optional<std::filesystem::path> population, population_points, livestock, zones;
  std::vector<std::string> species_rasters;                  // NAME=FILE
  std::optional<std::string> zone_name_field, zone_id_field;
  std::optional<double> threshold_m, lead_time_min, min_count;
  bool farm_rows = false;
  bool quiet = false;
};

struct ExposureReport {
  std::filesystem::path result_file;
  std::vector<std::filesystem::path> tables;  // CSV / GeoJSON beside it
  std::string summary;
};

// Where the output goes: --out, else <hazard stem>.exposure.h5 in the current directory.
[[nodiscard]] std::filesystem::path exposure_output_path(const ExposureCommandOptions& o);

// Throws ConfigError, RasterError or IoError (one line each) on bad input; nothing is left behind then.
ExposureReport run_exposure(const ExposureCommandOptions& options, std::ostream& log);

// The command: log and summary on stdout, one error line on stderr; returns the exit code.
int exposure_command(const ExposureCommandOptions& options);

}  // namespace polder
