#pragma once
// Moving count layers (people, animals) onto the flood grid without losing any.
#include <filesystem>

#include "polder/grids/io/raster_io.hpp"

namespace polder {

struct RegriddedCounts {
  HostField<double> counts;      // on the target grid
  double source_total = 0.0;     // sum of all valid source cells
  double outside_grid = 0.0;     // part of source_total that falls outside the target grid
  bool reprojected = false;      // the source CRS differed from the target's
  std::string method;            // how it was moved, for the log
};

// Area-weighted transfer of per-cell counts: each source cell's count is shared among the
// target cells it overlaps in proportion to the overlap area, so totals are preserved exactly
// (to round-off) when both grids are axis-aligned in one CRS, whatever their offsets and sizes.
// A layer in another CRS is refused for now with a message that says how to reproject it
// (issue "Exposure" adds GDAL reprojection). Throws RasterError when the layer does not overlap
// the target grid.
[[nodiscard]] RegriddedCounts regrid_counts(const RasterLayer& source, const std::filesystem::path& source_file,
                                            const GridGeometry& target);

// The same transfer between two grids of one CRS (no GDAL needed); exposed for tests.
[[nodiscard]] RegriddedCounts area_weighted_counts(const RasterLayer& source, const GridGeometry& target);

}  // namespace polder
