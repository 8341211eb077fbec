#pragma once
// The result file: one HDF5 file, written with the serial HDF5 library, that is also valid
// netCDF-4 following CF-1.8 (docs/result-file.md is the contract).
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"
#include "polder/solver/simulation.hpp"

namespace polder {

struct BreachLocation {
  std::string name;
  double x = 0.0, y = 0.0;          // the breach point as given [m]
  double cell_x = 0.0, cell_y = 0.0;// centre of the snapped domain-edge cell [m]
  int column = 0, row = 0;          // the snapped cell in the DEM's raster order (row 0 = north)
  double snap_distance_m = 0.0;
};

struct ExposureCurves {
  std::vector<std::int32_t> minute;                   // 0 .. end, whole minutes
  std::vector<std::vector<double>> people_reached;    // [threshold][minute], cumulative
  std::vector<std::vector<double>> people_new;        // [threshold][minute], newly reached in that minute
  double population_in_domain = 0.0;
  double population_outside_domain = 0.0;             // reported, never silently dropped
};

// Exposure per zone (municipality, district); /exposure/zones in the file, <result>.zones.csv.
inline constexpr int zone_percentages[] = {10, 50, 90};       // minutes until this share is reached
inline constexpr int zone_hours[] = {1, 3, 6, 12, 24, 48};    // people reached within these hours

struct ZoneRow {
  std::string name;
  std::int32_t zone_id = 0;
  double people = 0.0;                                   // on model cells of the zone
  std::optional<std::int32_t> first_arrival;             // minute, first threshold; none = never
  std::optional<std::int32_t> minutes_to_percent[std::size(zone_percentages)];  // none = never (or no people)
  double people_within[std::size(zone_hours)] = {};      // first threshold
  double max_depth_mean = 0.0;                           // over flooded cells [m]; 0 when none
  double max_depth_max = 0.0;                            // [m]
  double flooded_area_km2 = 0.0;                         // cells reached at the first threshold
};

struct ZoneExposure {
  std::vector<ZoneRow> zones;
  std::vector<std::vector<std::vector<double>>> people_reached;  // [threshold][zone][minute], cumulative
  double people_outside_zones = 0.0;                             // on model cells in no zone
};

struct ResultContent {
  GridGeometry geometry;                 // crs_wkt must be set for georeferencing
  std::vector<std::uint8_t> active;      // model cells; others get the fill value in every map
  std::vector<double> thresholds;        // [m]
  const SimulationResult* simulation = nullptr;
  std::vector<BreachLocation> breach_locations;  // same order as simulation->breaches
  std::optional<ExposureCurves> exposure;
  std::optional<ZoneExposure> zone_exposure;  // needs `exposure` (its minute axis)
  std::string scenario_name;
  std::string scenario_text;             // the full scenario file
  std::string resolved_configuration;    // describe(scenario)
  std::optional<std::string> reference_time;  // ISO 8601 of the simulation start
  std::map<std::string, double> summary;      // scalar figures stored as root attributes
};

// Writes the file to a temporary name beside `path` and renames it only when complete; on any
// failure the temporary file is removed and IoError is thrown. The root attribute `complete`
// is 1 in every file this function leaves behind.
void write_result_file(const std::filesystem::path& path, const ResultContent& content);

class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr const char* result_schema_version = "1.0";

}  // namespace polder
