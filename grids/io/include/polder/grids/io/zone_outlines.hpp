#pragma once
// The outline of each zone as the model sees it: the union of the flood cells assigned to it
// (cell centre in the zone), for the zone table as GeoJSON. Built from the grid rather than from
// the source polygons so that raster and vector zones give the same kind of answer, and the
// figures of a zone belong exactly to the area drawn.
#include <cstdint>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"
#include "polder/grids/io/zones.hpp"

namespace polder {

// One GeoJSON geometry text per zone of `zones` (same order): a MultiPolygon of its model cells
// (`active` non-zero) in the grid's CRS, with coordinates on cell corners; an empty MultiPolygon
// for a zone without model cells. Throws RasterError when GDAL cannot polygonise.
[[nodiscard]] std::vector<std::string> zone_outlines_geojson(const ZoneMap& zones, const GridGeometry& grid,
                                                             const std::vector<std::uint8_t>& active);

}  // namespace polder
