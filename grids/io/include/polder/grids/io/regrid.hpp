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
// A layer in another CRS is reprojected (reprojected_counts). Throws RasterError when the layer
// does not overlap the target grid.
[[nodiscard]] RegriddedCounts regrid_counts(const RasterLayer& source, const std::filesystem::path& source_file,
                                            const GridGeometry& target);

// Counts from a raster in another CRS: every source cell is split into n x n parts (n chosen so a
// part is at most a quarter of a target cell) and each part's share goes to the target cell that
// holds its transformed centre. The total is kept to round-off: whatever is not placed on the
// grid is in outside_grid. Throws RasterError when the CRS cannot be transformed or the layer
// does not overlap the grid.
[[nodiscard]] RegriddedCounts reprojected_counts(const RasterLayer& source, const std::filesystem::path& source_file,
                                                 const GridGeometry& target);

// The same transfer between two grids of one CRS (no GDAL needed); exposed for tests.
[[nodiscard]] RegriddedCounts area_weighted_counts(const RasterLayer& source, const GridGeometry& target);

}  // namespace polder
