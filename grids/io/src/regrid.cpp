#include "polder/grids/io/regrid.hpp"

#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
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

namespace {

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* t) const { OGRCoordinateTransformation::DestroyCT(t); }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

TransformPtr make_transform(const std::string& from_wkt, const std::string& to_wkt) {
  OGRSpatialReference from, to;
  if (from.importFromWkt(from_wkt.c_str()) != OGRERR_NONE || to.importFromWkt(to_wkt.c_str()) != OGRERR_NONE)
    return nullptr;
  // x = easting/longitude, y = northing/latitude whatever the CRS's own axis order says.
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return TransformPtr(OGRCreateCoordinateTransformation(&from, &to));
}

std::string crs_name(const std::string& wkt) {
  OGRSpatialReference srs;
  if (srs.importFromWkt(wkt.c_str()) != OGRERR_NONE) return "unknown CRS";
  const char* code = srs.GetAuthorityCode(nullptr);
  const char* authority = srs.GetAuthorityName(nullptr);
  std::string name = srs.GetName() ? srs.GetName() : "unnamed CRS";
  if (code && authority) name += std::string(" (") + authority + ":" + code + ")";
  return name;
}

// Bounding box of a rectangle after transformation, from points along its edges (a projection
// bends straight edges, so corners alone can miss part of the extent).
struct Box {
  double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
  [[nodiscard]] bool empty() const { return !(x1 >= x0 && y1 >= y0); }
};

Box transformed_box(OGRCoordinateTransformation& t, double x0, double y0, double x1, double y1) {
  constexpr int steps = 20;
  std::vector<double> xs, ys;
  for (int k = 0; k <= steps; ++k) {
    const double f = double(k) / steps;
    for (const auto& [x, y] : {std::pair{x0 + f * (x1 - x0), y0}, std::pair{x0 + f * (x1 - x0), y1},
                               std::pair{x0, y0 + f * (y1 - y0)}, std::pair{x1, y0 + f * (y1 - y0)}}) {
      xs.push_back(x);
      ys.push_back(y);
    }
  }
  std::vector<int> ok(xs.size(), 0);
  t.Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
  Box b;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    if (!ok[k] || !std::isfinite(xs[k]) || !std::isfinite(ys[k])) continue;
    b.x0 = std::min(b.x0, xs[k]);
    b.x1 = std::max(b.x1, xs[k]);
    b.y0 = std::min(b.y0, ys[k]);
    b.y1 = std::max(b.y1, ys[k]);
  }
  return b;
}

}  // namespace

RegriddedCounts reprojected_counts(const RasterLayer& source, const std::filesystem::path& source_file,
                                   const GridGeometry& target) {
  const GridGeometry& s = source.geometry;
  TransformPtr to_target = make_transform(s.crs_wkt, target.crs_wkt);
  TransformPtr to_source = make_transform(target.crs_wkt, s.crs_wkt);
  if (!to_target || !to_source) throw RasterError(source_file, "its CRS cannot be transformed to the DEM's CRS");
  const Box in_target = transformed_box(*to_target, s.x_min, s.y_min, s.x_max(), s.y_max());
  if (in_target.empty() || in_target.x0 >= target.x_max() || in_target.x1 <= target.x_min ||
      in_target.y0 >= target.y_max() || in_target.y1 <= target.y_min)
    throw RasterError(source_file, "does not overlap the flood grid (after reprojection to the DEM's CRS)");

  // Source cells away from the target grid go straight to `outside_grid`; only the rest are sampled.
  Box window = transformed_box(*to_source, target.x_min, target.y_min, target.x_max(), target.y_max());
  if (window.empty()) window = Box{s.x_min, s.y_min, s.x_max(), s.y_max()};  // not transformable: sample all
  const int i0 = std::max(0, int(std::floor((window.x0 - s.x_min) / s.dx)) - 2);
  const int i1 = std::min(s.nx - 1, int(std::floor((window.x1 - s.x_min) / s.dx)) + 2);
  const int j0 = std::max(0, int(std::floor((window.y0 - s.y_min) / s.dy)) - 2);
  const int j1 = std::min(s.ny - 1, int(std::floor((window.y1 - s.y_min) / s.dy)) + 2);

  // Each source cell is split into n × n equal parts, each carrying 1/n² of its count to the
  // target cell holding the part's centre once transformed: the total is kept exactly (to
  // round-off), the placement is accurate to about a target cell / 4.
  const double xc = s.x_min + 0.5 * (i0 + i1 + 1) * s.dx, yc = s.y_min + 0.5 * (j0 + j1 + 1) * s.dy;
  const Box one_cell = transformed_box(*to_target, xc, yc, xc + s.dx, yc + s.dy);
  const double cell_size = one_cell.empty() ? target.dx : std::max(one_cell.x1 - one_cell.x0, one_cell.y1 - one_cell.y0);
  const int n = std::clamp(int(std::ceil(4.0 * cell_size / std::min(target.dx, target.dy))), 1, 64);
  const double share = 1.0 / (double(n) * n);

  RegriddedCounts r;
  r.counts = HostField<double>(target.nx, target.ny, 0.0);
  r.reprojected = true;
  std::vector<double> xs, ys;
  std::vector<int> ok;
  for (int j = 0; j < s.ny; ++j) {
    for (int i = 0; i < s.nx; ++i) {
      const std::size_t k = s.index(i, j);
      if (source.valid[k] == 0 || source.values[k] == 0.0) continue;
      const double c = source.values[k];
      r.source_total += c;
      if (i < i0 || i > i1 || j < j0 || j > j1) {
        r.outside_grid += c;
        continue;
      }
      xs.clear();
      ys.clear();
      for (int b = 0; b < n; ++b)
        for (int a = 0; a < n; ++a) {
          xs.push_back(s.x_min + (i + (a + 0.5) / n) * s.dx);
          ys.push_back(s.y_min + (j + (b + 0.5) / n) * s.dy);
        }
      ok.assign(xs.size(), 0);
      to_target->Transform(static_cast<int>(xs.size()), xs.data(), ys.data(), nullptr, ok.data());
      for (std::size_t p = 0; p < xs.size(); ++p) {
        const auto cell = ok[p] ? target.cell_at(xs[p], ys[p]) : std::nullopt;
        if (cell)
          r.counts(cell->i, cell->j) += c * share;
        else
          r.outside_grid += c * share;
      }
    }
  }
  std::ostringstream m;
  m << "reprojected from " << crs_name(s.crs_wkt) << " to " << crs_name(target.crs_wkt) << " keeping the total ("
    << n << " x " << n << " samples per source cell)";
  r.method = m.str();
  return r;
}

RegriddedCounts regrid_counts(const RasterLayer& source, const std::filesystem::path& source_file, const GridGeometry& target) {
  const GridGeometry& s = source.geometry;
  if (!s.crs_wkt.empty() && !target.crs_wkt.empty() && !same_crs(s.crs_wkt, target.crs_wkt))
    return reprojected_counts(source, source_file, target);
  const bool overlaps = s.x_min < target.x_max() && s.x_max() > target.x_min && s.y_min < target.y_max() &&
                        s.y_max() > target.y_min;
  if (!overlaps) throw RasterError(source_file, "does not overlap the flood grid");
  return area_weighted_counts(source, target);
}

}  // namespace polder
