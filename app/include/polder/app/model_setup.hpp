#pragma once
// From a parsed scenario to the pieces of a run: terrain, initial state, snapped breaches.
#include <vector>

#include "polder/grids/io/raster_io.hpp"
#include "polder/results/result_file.hpp"
#include "polder/scenarios/scenario.hpp"
#include "polder/solver/breach.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder {

struct ModelSetup {
  RasterLayer dem;  // as read, for checking other terrain layers against it
  SweSetup swe;
  std::vector<Breach> breaches;
  std::vector<BreachLocation> breach_locations;
  std::size_t active_cells = 0;
};

// Reads the DEM and terrain layers, builds the initial state and snaps every breach onto its
// domain-edge cell. Throws ConfigError / RasterError naming the file and the problem.
[[nodiscard]] ModelSetup build_model(const Scenario& scenario);

// A number, or a raster that must lie on the DEM's grid and CRS exactly, as one value per cell.
[[nodiscard]] std::vector<double> terrain_layer(const ValueOrRaster& v, const RasterLayer& dem, const std::string& key);

}  // namespace polder
