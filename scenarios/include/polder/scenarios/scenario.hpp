#pragma once
// A scenario as parsed from its TOML file (docs/scenario-file.md): typed, validated, with every
// relative path already resolved against the scenario file's folder and every time in seconds.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "polder/solver/breach.hpp"
#include "polder/solver/inflow.hpp"
#include "polder/solver/simulation.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder {

// A number, or a raster on the DEM's grid.
struct ValueOrRaster {
  std::optional<double> value;
  std::optional<std::filesystem::path> raster;
};

struct ScenarioInfo {
  std::string name;
  std::string description;
  std::optional<std::string> reference_time;  // ISO 8601 time of the simulation start
};

struct TerrainConfig {
  std::filesystem::path dem;
  ValueOrRaster roughness{0.03, std::nullopt};  // Manning n [s/m^(1/3)]
};

struct InitialConfig {
  std::optional<ValueOrRaster> level;  // water level [m]; cells below it start wet
  std::optional<ValueOrRaster> depth;  // depth [m]; exclusive with level
};

struct BreachConfig {
  BreachParams params;     // outside_level and width_series already loaded
  double x = 0.0, y = 0.0; // location in the DEM's CRS [m]
  double max_snap_distance_m = 250.0;
  std::string outside_level_source;  // the number or file it came from, for the log and result
};

enum class BackendChoice { auto_select, cpu, cuda };

struct SimulationConfig {
  RunSettings run;             // duration, cfl, max step, snapshot/rise/series intervals
  Precision precision = Precision::double_precision;
  BackendChoice backend = BackendChoice::auto_select;
  double velocity_min_depth = 0.05;  // [m]
};

// Rain on the model: a uniform intensity (number or CSV series) or a raster of intensities
// (constant in time), and an optional uniform loss rate; active between start and end.
struct RainConfig {
  std::optional<TimeSeries> intensity_mm_per_h;          // uniform
  std::optional<std::filesystem::path> intensity_raster;  // mm/h per cell, on the DEM's grid
  std::string intensity_source;                           // the number or file it came from
  double loss_mm_per_h = 0.0;
  double start_s = 0.0;
  std::optional<double> end_s;  // default: the end of the run
};

struct ExposureConfig {
  std::optional<std::filesystem::path> population;  // persons per cell, any GDAL raster
};

struct OutputConfig {
  std::optional<std::filesystem::path> file;
};

struct Scenario {
  std::filesystem::path file;   // the scenario file itself
  std::string text;             // its full text, stored in the result
  ScenarioInfo info;
  TerrainConfig terrain;
  InitialConfig initial;
  std::vector<BreachConfig> breaches;
  std::vector<InflowParams> inflows;
  std::array<EdgeBoundary, 4> boundary{};  // west, east, south, north
  SimulationConfig simulation;
  std::vector<double> thresholds{0.02};    // arrival depths [m], ascending, 1..8 values
  std::optional<RainConfig> rain;
  ExposureConfig exposure;
  OutputConfig output;
};

// Parses and validates; throws ConfigError{file, key, why} on any problem, including unknown
// keys, wrong types, out-of-range values and missing files.
[[nodiscard]] Scenario load_scenario(const std::filesystem::path& file);

// Parses a duration: a number of seconds, or a string with a unit: "90s", "90min", "12h", "2d".
// Throws std::invalid_argument with the reason.
[[nodiscard]] double parse_duration_s(const std::string& text);

// Reads a two-column CSV (time, value): a header line is allowed; times as seconds or with units.
// Throws ConfigError naming the file and the line.
[[nodiscard]] TimeSeries read_time_series_csv(const std::filesystem::path& file, const std::string& key);

// The resolved configuration as readable text (echoed to the log, stored in the result).
[[nodiscard]] std::string describe(const Scenario& s);

}  // namespace polder
