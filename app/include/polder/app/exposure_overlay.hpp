#pragma once
// The exposure overlay shared by `polder run` and `polder exposure`: count layers onto the flood
// grid (prepare, before any flood is computed or read, so bad input fails fast), then curves,
// zone and farm tables and priorities against the hazard maps (overlay).
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "polder/app/summary.hpp"
#include "polder/exposure/evacuation_parameters.hpp"
#include "polder/exposure/point_counts.hpp"
#include "polder/grids/io/zones.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

struct ExposureInputs {
  std::optional<std::filesystem::path> population;         // persons per cell, any GDAL raster
  std::optional<std::filesystem::path> population_points;  // points with a `people` field
  std::optional<std::filesystem::path> livestock;          // farm points (docs/exposure.md)
  std::vector<std::pair<std::string, std::filesystem::path>> species_rasters;  // head per cell
  std::optional<std::filesystem::path> zones;
  ZoneOptions zone_options;
  ExposureSettings settings;
  [[nodiscard]] bool any() const {
    return population || population_points || livestock || !species_rasters.empty();
  }
};

struct PreparedExposure {
  bool has_people = false;
  std::vector<double> people;  // per grid cell
  double people_off_grid = 0.0;
  std::vector<std::string> species;                 // canonical order, then others by name
  std::vector<std::vector<double>> species_cells;   // [species][cell]
  std::vector<double> species_off_grid;             // [species]
  std::vector<FarmPoint> farms;
  std::vector<std::optional<std::size_t>> farm_cells;  // per farm; none = off the grid
  std::optional<ZoneMap> zones;
  bool zones_from_polygons = false;
  std::map<std::string, double> reported;           // attributes for /exposure
};

// The hazard as the overlay sees it (a fresh simulation or a result file read back).
struct HazardView {
  const GridGeometry& grid;
  const std::vector<std::uint8_t>& active;
  const std::vector<double>& thresholds;
  const TrackedMaps& maps;
  double end_time_s = 0.0;
};

struct ExposureOutput {
  std::optional<ExposureCurves> curves;
  std::optional<ZoneExposure> zones;
  std::optional<std::vector<FarmRow>> farms;  // only with settings.farm_rows
  std::vector<FarmRow> all_farms;             // always (for the summary), even when not published
};

// Reads and places every layer. Throws RasterError (file + problem) for unreadable files, missing
// fields, negative counts, layers not overlapping the grid.
[[nodiscard]] PreparedExposure prepare_exposure(const ExposureInputs& in, const GridGeometry& grid,
                                                const std::vector<std::uint8_t>& active, std::ostream& log);

// The position of `wanted` among the hazard's thresholds (0 for wanted = 0: the first). Throws
// ConfigError(source, key, ...) listing them when it is not one of them.
[[nodiscard]] std::size_t threshold_index(const std::vector<double>& thresholds, double wanted, const std::string& source,
                                          const std::string& key);

// Throws ConfigError when the priority threshold is not one of the hazard's thresholds.
[[nodiscard]] ExposureOutput overlay_exposure(const PreparedExposure& prepared, const HazardView& hazard,
                                              const ExposureSettings& settings, const std::string& settings_source,
                                              std::ostream& log);

// Farms (distinct ids) among farm rows: all, reached at the priority threshold, with negative slack.
struct FarmCounts {
  std::size_t farms = 0, reached = 0, late = 0;
};
[[nodiscard]] FarmCounts count_farms(const std::vector<FarmRow>& rows);

// Livestock and farm priority lines for the end-of-run summary, and their summary_<key> figures.
void append_exposure_summary(SummaryFigures& summary, const ExposureOutput& out, const std::vector<double>& thresholds,
                             double end_time_s);

// CSV and GeoJSON beside the result: <result>.zones.csv, and <result>.zones.geojson (each zone's
// model cells as its outline) when `zone_cells` are given; with farm rows <result>.farms.csv
// and <result>.farms.geojson. Returns the files written.
// Throws IoError; files already written by this call are removed again.
std::vector<std::filesystem::path> write_exposure_tables(const std::filesystem::path& result, const ExposureOutput& out,
                                                         const GridGeometry& grid, const std::vector<std::uint8_t>& active,
                                                         const std::vector<double>& thresholds, const ZoneMap* zone_cells);

// <result>.farms.csv and <result>.farms.geojson.
[[nodiscard]] std::filesystem::path farm_table_path(const std::filesystem::path& result_file);
[[nodiscard]] std::filesystem::path farm_geojson_path(const std::filesystem::path& result_file);

}  // namespace polder
