#pragma once
// The parameters of the evacuation priority model (docs/exposure.md gives every default with its
// source or the assumption behind it). Header only: the scenario parser fills it without linking
// the exposure library.
#include <map>
#include <string>
#include <vector>

namespace polder {

// How one species is moved: truck capacity, time to load one truck, and its weight in the
// tie-break of the ranking (livestock units: Eurostat LSU coefficients; a person counts 1).
struct SpeciesParameters {
  double animals_per_truck = 20.0;
  double loading_min = 45.0;
  double weight = 0.1;
};

// Defaults for the six named species and for any other name ("other").
[[nodiscard]] inline std::map<std::string, SpeciesParameters> default_species_parameters() {
  return {{"cattle", {20.0, 30.0, 0.8}},   {"pigs", {180.0, 45.0, 0.3}},   {"poultry", {4000.0, 120.0, 0.014}},
          {"sheep", {200.0, 30.0, 0.1}},   {"goats", {200.0, 30.0, 0.1}},  {"horses", {6.0, 30.0, 0.8}},
          {"other", {20.0, 45.0, 0.1}}};
}

struct EvacuationParameters {
  double threshold_m = 0.0;             // arrival depth the priority uses; 0 = the first arrival threshold
  double lead_time_min = 0.0;           // evacuation order this long before the breach (simulation start)
  double decision_delay_min = 60.0;     // from the order to the start of moving (warning, decision)
  double people_mobilisation_min = 120.0;
  double people_per_vehicle = 2.5;
  double road_capacity_vehicles_per_h = 1500.0;  // outflow capacity out of one zone
  double livestock_mobilisation_min = 120.0;
  double trucks_per_farm = 2.0;
  double trucks_per_zone = 20.0;
  double truck_round_trip_min = 120.0;  // to a safe place outside the dike ring, unload, and back
  std::map<std::string, SpeciesParameters> species = default_species_parameters();

  // The parameters of `name`, or those of "other" for a species without its own entry.
  [[nodiscard]] const SpeciesParameters& of(const std::string& name) const {
    const auto it = species.find(name);
    if (it != species.end()) return it->second;
    const auto other = species.find("other");
    return other != species.end() ? other->second : fallback_;
  }

 private:
  SpeciesParameters fallback_{};
};

// Everything the exposure overlay needs besides the input files.
struct ExposureSettings {
  EvacuationParameters evacuation;
  double min_count = 0.0;  // suppress zone figures based on fewer farms or persons than this
  bool farm_rows = false;  // write farm-level rows (/exposure/farms, CSV, GeoJSON)
};

}  // namespace polder
