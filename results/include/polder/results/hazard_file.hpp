#pragma once
// Reading a result file back as the hazard for an exposure overlay (polder exposure).
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"
#include "polder/solver/simulation.hpp"

namespace polder {

// The people curves of the run that wrote the file (/exposure), when it overlaid a population.
struct HazardPeople {
  std::vector<std::vector<double>> reached;  // [threshold][minute], cumulative
  std::vector<std::vector<double>> fresh;    // [threshold][minute], newly reached in that minute
  double in_domain = 0.0;
  double outside_domain = 0.0;
};

struct HazardFile {
  GridGeometry geometry;             // from /crs (GeoTransform, crs_wkt) and /maps/x, /maps/y
  std::vector<std::uint8_t> active;  // /maps/domain
  std::vector<double> thresholds;    // /threshold
  SimulationResult simulation;       // maps (arrival -1 = never), end time, volumes, backend; no series
  std::string scenario_name, scenario_text, resolved_configuration;
  std::optional<std::string> reference_time;
  std::map<std::string, double> summary;  // root attributes summary_<key>
  std::optional<HazardPeople> people;     // /exposure/people_reached and people_new, when present
};

// Reads the maps and root attributes of a complete result file (root attribute complete = 1).
// Throws IoError "<file>: <problem>" for a missing or unreadable file, an incomplete one or one
// without the maps polder writes. The file is opened read-only and never modified.
[[nodiscard]] HazardFile read_hazard_file(const std::filesystem::path& file);

}  // namespace polder
