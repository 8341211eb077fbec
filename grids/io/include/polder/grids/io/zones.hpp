#pragma once
// Zones (municipalities, districts) on the flood grid, for exposure per zone.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "polder/grids/grid_geometry.hpp"

namespace polder {

struct ZoneOptions {
  std::string name_field = "name";         // vector files: the attribute holding the zone's name
  std::optional<std::string> id_field;     // vector files: integer id; default 1, 2, ... in file order
};

struct ZoneMap {
  std::vector<std::int32_t> zone_of_cell;  // per flood-grid cell: index into names/ids, -1 = no zone
  std::vector<std::string> names;
  std::vector<std::int32_t> ids;
  std::string method;                      // how the zones were placed, for the log
};

// True for the OGR vector formats accepted as zone files (.geojson, .json, .gpkg, .shp).
[[nodiscard]] bool is_vector_zone_file(const std::filesystem::path& file);

// Each flood cell gets the zone at its centre. A raster of integer ids (nodata = no zone; same
// CRS as the grid, any lattice) gives zones named "zone <id>", in ascending id order; a vector
// file is rasterised by cell centre with GDAL, reprojected to the grid's CRS when they differ,
// zones in file order (a later polygon wins where polygons overlap). Only zones holding at least
// one cell centre are listed. Throws RasterError for an unreadable file, a raster in another
// CRS, a missing attribute, or zones that cover no cell centre of the grid.
[[nodiscard]] ZoneMap zones_on_grid(const std::filesystem::path& file, const GridGeometry& grid,
                                    const ZoneOptions& options = {});

}  // namespace polder
