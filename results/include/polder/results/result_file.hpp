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

// Head of one species reached per minute (the livestock counterpart of the people curves).
struct SpeciesCurves {
  std::string species;
  std::vector<std::vector<double>> reached;  // [threshold][minute], cumulative
  std::vector<std::vector<double>> added;    // [threshold][minute], newly reached in that minute
  double in_domain = 0.0;
  double outside_domain = 0.0;               // off the grid or on cells outside the model
};

struct ExposureCurves {
  std::vector<std::int32_t> minute;                   // 0 .. end, whole minutes
  bool has_people = true;                             // false: no population input, no people curves
  std::vector<std::vector<double>> people_reached;    // [threshold][minute], cumulative
  std::vector<std::vector<double>> people_new;        // [threshold][minute], newly reached in that minute
  double population_in_domain = 0.0;
  double population_outside_domain = 0.0;             // reported, never silently dropped
  std::vector<SpeciesCurves> species;                 // livestock, one entry per species
  std::string settings;                               // the evacuation parameters as text (stored as an attribute)
  std::map<std::string, double> reported;             // counts reported as /exposure attributes (points outside the domain, ...)
};

// Evacuation priority of a zone or farm (docs/exposure.md). Times in minutes; none = not reached.
struct EvacuationPriority {
  std::optional<std::int32_t> arrival;       // at the priority threshold, minutes since the simulation start
  double time_needed_min = 0.0;
  double weight = 0.0;                       // people + weighted animals: the tie-break
  std::optional<double> time_available_min;  // lead time + arrival - decision delay
  std::optional<double> latest_safe_start;   // arrival - time needed (negative: before the breach)
  std::optional<double> slack_min;           // available - needed (negative: cannot finish in time)
  std::int32_t rank = 0;                     // 1 = evacuate first; 0 = none (withheld zone)
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
  std::vector<std::optional<std::int32_t>> first_arrival_at;  // per threshold; none = never
  std::vector<double> animals;                           // per species of ZoneExposure::species
  std::vector<std::vector<double>> animals_within;       // [species][hour of zone_hours], first threshold
  std::int32_t farms = 0;                                // farm points in the zone
  bool people_suppressed = false;                        // fewer people than min_count: people figures are NaN/none
  bool animals_suppressed = false;                       // fewer farms (or animals) than min_count
  EvacuationPriority priority;
};

struct ZoneExposure {
  std::vector<ZoneRow> zones;
  bool has_people = true;                                        // false: people columns are left out
  std::vector<std::vector<std::vector<double>>> people_reached;  // [threshold][zone][minute], cumulative
  double people_outside_zones = 0.0;                             // on model cells in no zone
  std::vector<std::string> species;
  std::vector<std::vector<std::vector<std::vector<double>>>> animals_reached;  // [species][threshold][zone][minute]
  std::vector<double> animals_outside_zones;                     // per species, on model cells in no zone
  double min_count = 0.0;                                        // suppression limit that was applied
};

// One farm point (one row of the farm file) and what the flood does to it.
struct FarmRow {
  std::string farm_id;                                   // the file's `id`, else the row number
  std::string name;
  double x = 0.0, y = 0.0;                               // in the grid's CRS [m]
  std::string species;
  double head_count = 0.0;
  bool in_domain = false;                                // on a model cell
  std::optional<std::int32_t> zone_id;                   // the zone at the farm's cell
  std::string zone_name;
  std::vector<std::optional<std::int32_t>> arrival;      // per threshold, minutes; none = never reached
  std::optional<double> max_depth;                       // at the farm's cell; none outside the domain
  EvacuationPriority priority;
};

struct ResultContent {
  GridGeometry geometry;                 // crs_wkt must be set for georeferencing
  std::vector<std::uint8_t> active;      // model cells; others get the fill value in every map
  std::vector<double> thresholds;        // [m]
  const SimulationResult* simulation = nullptr;
  std::vector<BreachLocation> breach_locations;  // same order as simulation->breaches
  std::optional<ExposureCurves> exposure;
  std::optional<ZoneExposure> zone_exposure;  // needs `exposure` (its minute axis)
  std::optional<std::vector<FarmRow>> farms;  // /exposure/farms; needs `exposure`
  // Groups /breach and /inflow copied from this result file, values and attributes (polder
  // exposure: the hazard's series stay with the maps they belong to).
  std::optional<std::filesystem::path> copy_series_from;
  std::string title;                     // default "polder flood simulation: <scenario name>"
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
