#include "polder/app/model_setup.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "polder/grids/domain_edge.hpp"
#include "polder/scenarios/config_error.hpp"

namespace polder {

// A terrain layer (roughness, initial water, rain) must lie on the DEM's grid exactly.
std::vector<double> terrain_layer(const ValueOrRaster& v, const RasterLayer& dem, const std::string& key) {
  if (v.value) return std::vector<double>(dem.geometry.cell_count(), *v.value);
  const RasterLayer layer = read_raster(*v.raster);
  if (!layer.geometry.same_lattice(dem.geometry))
    throw RasterError(*v.raster, "(" + key + ") is not on the DEM's grid (same size, origin and cell size required)");
  if (!dem.geometry.crs_wkt.empty() && !layer.geometry.crs_wkt.empty() && !same_crs(layer.geometry.crs_wkt, dem.geometry.crs_wkt))
    throw RasterError(*v.raster, "(" + key + ") is in a different CRS from the DEM");
  std::vector<double> out(dem.geometry.cell_count(), 0.0);
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (dem.valid[k] && !layer.valid[k])
      throw RasterError(*v.raster, "(" + key + ") has nodata in a model cell (index " + std::to_string(k) + ")");
    out[k] = layer.values[k];
  }
  return out;
}

namespace {

std::string point_text(double x, double y) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(1);
  s << "(" << x << ", " << y << ")";
  return s.str();
}

}  // namespace

ModelSetup build_model(const Scenario& sc) {
  const std::string file = sc.file.string();
  const RasterLayer dem = read_raster(sc.terrain.dem);
  const GridGeometry& g = dem.geometry;
  if (g.crs_wkt.empty()) throw RasterError(sc.terrain.dem, "has no CRS; polder needs a projected CRS in metres");
  if (!dem.crs_is_projected_metres)
    throw RasterError(sc.terrain.dem, "is not in a projected CRS with metre units (cell sizes and discharges are in metres)");

  ModelSetup m;
  m.dem = dem;
  SweSetup& s = m.swe;
  s.geometry = g;
  s.active = dem.valid;
  s.bed = dem.values.values();
  m.active_cells = static_cast<std::size_t>(std::count(s.active.begin(), s.active.end(), std::uint8_t{1}));
  if (m.active_cells == 0) throw RasterError(sc.terrain.dem, "has no valid cell: every cell is nodata");

  s.manning = terrain_layer(sc.terrain.roughness, dem, "terrain.roughness");
  for (std::size_t k = 0; k < s.manning.size(); ++k)
    if (s.active[k] && !(s.manning[k] >= 0.0 && s.manning[k] < 1.0))
      throw ConfigError(file, "terrain.roughness", "Manning n must be in [0, 1) in every model cell");

  s.depth.assign(g.cell_count(), 0.0);
  if (sc.initial.level) {
    const auto level = terrain_layer(*sc.initial.level, dem, "initial.level");
    for (std::size_t k = 0; k < s.depth.size(); ++k) s.depth[k] = s.active[k] ? std::max(0.0, level[k] - s.bed[k]) : 0.0;
  } else if (sc.initial.depth) {
    const auto depth = terrain_layer(*sc.initial.depth, dem, "initial.depth");
    for (std::size_t k = 0; k < s.depth.size(); ++k) {
      if (s.active[k] && depth[k] < 0.0) throw ConfigError(file, "initial.depth", "negative depth in a model cell");
      s.depth[k] = s.active[k] ? depth[k] : 0.0;
    }
  }
  s.thresholds = sc.thresholds;
  s.velocity_min_depth = sc.simulation.velocity_min_depth;

  for (std::size_t b = 0; b < sc.breaches.size(); ++b) {
    const BreachConfig& bc = sc.breaches[b];
    const std::string key = "breach[" + std::to_string(b) + "] '" + bc.params.name + "'";
    const auto snapped = snap_to_domain_edge(g, s.active, bc.x, bc.y, bc.max_snap_distance_m);
    if (!snapped) {
      const bool in_grid = bc.x >= g.x_min && bc.x <= g.x_max() && bc.y >= g.y_min && bc.y <= g.y_max();
      throw ConfigError(file, key,
                        "no domain-edge cell within " + std::to_string(static_cast<int>(bc.max_snap_distance_m)) + " m of " +
                            point_text(bc.x, bc.y) + (in_grid ? "" : " (the point is outside the DEM's grid)"));
    }
    const std::size_t cell = g.index(snapped->cell.i, snapped->cell.j);
    const double bed = s.bed[cell];
    BreachParams p = bc.params;
    if (p.initial_crest && p.min_crest > *p.initial_crest)
      throw ConfigError(file, key + ".min_crest", "is above initial_crest; a breach crest only drops");
    m.breaches.emplace_back(p, cell, bed);
    BreachLocation loc;
    loc.name = p.name;
    loc.x = bc.x;
    loc.y = bc.y;
    loc.cell_x = g.x_center(snapped->cell.i);
    loc.cell_y = g.y_center(snapped->cell.j);
    loc.column = snapped->cell.i;
    loc.row = g.ny - 1 - snapped->cell.j;
    loc.snap_distance_m = snapped->distance_m;
    m.breach_locations.push_back(loc);
  }
  return m;
}

}  // namespace polder
