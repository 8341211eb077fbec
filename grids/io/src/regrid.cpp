#include "polder/grids/io/regrid.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace polder {

namespace {
struct Overlap {
  int target;
  double fraction;  // of the source cell's extent along this axis
};

// Overlaps of the source interval [a, a + len) with the target cells along one axis.
std::vector<Overlap> overlaps_1d(double a, double len, double t_min, double t_size, int t_count) {
  std::vector<Overlap> out;
  const double b = a + len;
  const int first = std::max(0, static_cast<int>(std::floor((a - t_min) / t_size)));
  const int last = std::min(t_count - 1, static_cast<int>(std::floor((b - t_min) / t_size)));
  for (int t = first; t <= last; ++t) {
    const double lo = std::max(a, t_min + t * t_size);
    const double hi = std::min(b, t_min + (t + 1) * t_size);
    if (hi > lo) out.push_back({t, (hi - lo) / len});
  }
  return out;
}
}  // namespace

RegriddedCounts area_weighted_counts(const RasterLayer& source, const GridGeometry& target) {
  const GridGeometry& s = source.geometry;
  RegriddedCounts r;
  r.counts = HostField<double>(target.nx, target.ny, 0.0);
  r.method = s.same_lattice(target) ? "identical grid (cell by cell)" : "area-weighted (exact overlap areas)";
  std::vector<std::vector<Overlap>> x_overlaps(std::size_t(s.nx));
  for (int i = 0; i < s.nx; ++i)
    x_overlaps[std::size_t(i)] = overlaps_1d(s.x_min + i * s.dx, s.dx, target.x_min, target.dx, target.nx);
  for (int j = 0; j < s.ny; ++j) {
    const auto y_overlaps = overlaps_1d(s.y_min + j * s.dy, s.dy, target.y_min, target.dy, target.ny);
    for (int i = 0; i < s.nx; ++i) {
      const std::size_t k = s.index(i, j);
      if (source.valid[k] == 0) continue;
      const double c = source.values[k];
      r.source_total += c;
      double placed = 0.0;
      for (const auto& oy : y_overlaps)
        for (const auto& ox : x_overlaps[std::size_t(i)]) {
          const double part = c * ox.fraction * oy.fraction;
          r.counts(ox.target, oy.target) += part;
          placed += part;
        }
      r.outside_grid += c - placed;
    }
  }
  return r;
}

RegriddedCounts regrid_counts(const RasterLayer& source, const std::filesystem::path& source_file, const GridGeometry& target) {
  const GridGeometry& s = source.geometry;
  if (!s.crs_wkt.empty() && !target.crs_wkt.empty() && !same_crs(s.crs_wkt, target.crs_wkt))
    throw RasterError(source_file,
                      "is in a different CRS from the DEM; reproject it first, keeping totals, e.g. "
                      "gdalwarp -t_srs <DEM CRS> -r sum (reprojection inside polder follows in the exposure work)");
  const bool overlaps = s.x_min < target.x_max() && s.x_max() > target.x_min && s.y_min < target.y_max() &&
                        s.y_max() > target.y_min;
  if (!overlaps) throw RasterError(source_file, "does not overlap the flood grid");
  return area_weighted_counts(source, target);
}

}  // namespace polder
