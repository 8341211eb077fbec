#include "polder/grids/io/zones.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <memory>

#include "polder/grids/io/raster_io.hpp"

namespace polder {

namespace {

bool overlaps(const GridGeometry& a, const GridGeometry& b) {
  return a.x_min < b.x_max() && a.x_max() > b.x_min && a.y_min < b.y_max() && a.y_max() > b.y_min;
}

// Keeps only zones that hold a cell centre and renumbers the cells to match, keeping the order
// of `names` (ascending ids for rasters, file order for vectors).
ZoneMap compact(std::vector<std::int32_t> cells, const std::vector<std::string>& names,
                const std::vector<std::int32_t>& ids, const std::filesystem::path& file) {
  std::vector<std::int32_t> renumber(names.size(), -1);
  for (std::int32_t z : cells)
    if (z >= 0) renumber[std::size_t(z)] = 0;
  ZoneMap out;
  for (std::size_t z = 0; z < names.size(); ++z) {
    if (renumber[z] < 0) continue;
    renumber[z] = static_cast<std::int32_t>(out.names.size());
    out.names.push_back(names[z]);
    out.ids.push_back(ids[z]);
  }
  if (out.names.empty()) throw RasterError(file, "does not overlap the flood grid (no cell centre lies in a zone)");
  for (std::int32_t& z : cells)
    if (z >= 0) z = renumber[std::size_t(z)];
  out.zone_of_cell = std::move(cells);
  return out;
}

ZoneMap raster_zones(const std::filesystem::path& file, const GridGeometry& grid) {
  const RasterLayer layer = read_raster(file);
  const GridGeometry& s = layer.geometry;
  if (!s.crs_wkt.empty() && !grid.crs_wkt.empty() && !same_crs(s.crs_wkt, grid.crs_wkt))
    throw RasterError(file, "is in a different CRS from the DEM; reproject it first with nearest-neighbour "
                            "resampling, e.g. gdalwarp -t_srs <DEM CRS> -r near");
  if (!overlaps(s, grid)) throw RasterError(file, "does not overlap the flood grid");
  std::vector<std::int32_t> raw(grid.cell_count(), -1);
  std::map<std::int32_t, std::int32_t> index;  // id -> position, ascending ids
  std::vector<std::int32_t> cell_id(grid.cell_count(), 0);
  for (int j = 0; j < grid.ny; ++j)
    for (int i = 0; i < grid.nx; ++i) {
      const auto c = s.cell_at(grid.x_center(i), grid.y_center(j));
      if (!c) continue;
      const std::size_t k = s.index(c->i, c->j);
      if (layer.valid[k] == 0) continue;
      const double v = layer.values[k];
      if (v != std::round(v) || std::abs(v) > double(std::numeric_limits<std::int32_t>::max()))
        throw RasterError(file, "holds a zone id that is not a 32-bit integer: " + std::to_string(v));
      const std::size_t cell = grid.index(i, j);
      cell_id[cell] = static_cast<std::int32_t>(v);
      raw[cell] = 0;
      index.emplace(cell_id[cell], 0);
    }
  std::vector<std::string> names;
  std::vector<std::int32_t> ids;
  for (auto& [id, position] : index) {
    position = static_cast<std::int32_t>(ids.size());
    ids.push_back(id);
    names.push_back("zone " + std::to_string(id));
  }
  for (std::size_t k = 0; k < raw.size(); ++k)
    if (raw[k] == 0) raw[k] = index.at(cell_id[k]);
  ZoneMap out = compact(std::move(raw), names, ids, file);
  out.method = s.same_lattice(grid) ? "zone raster on the flood grid (cell by cell)" : "zone raster at cell centres";
  return out;
}

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

std::string field_names(const OGRFeatureDefn& defn) {
  std::string out;
  for (int f = 0; f < defn.GetFieldCount(); ++f) out += (f ? ", " : "") + std::string(defn.GetFieldDefn(f)->GetNameRef());
  return out.empty() ? "none" : out;
}

int field_index(const OGRFeatureDefn& defn, const std::string& name, const std::string& key,
                const std::filesystem::path& file) {
  const int f = defn.GetFieldIndex(name.c_str());
  if (f < 0) throw RasterError(file, "has no attribute '" + name + "' (" + key + "); its attributes: " + field_names(defn));
  return f;
}

ZoneMap vector_zones(const std::filesystem::path& file, const GridGeometry& grid, const ZoneOptions& options) {
  GDALAllRegister();
  if (!std::filesystem::exists(file)) throw RasterError(file, "file not found");
  CPLPushErrorHandler(CPLQuietErrorHandler);
  DatasetPtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (!ds) throw RasterError(file, std::string("not a readable vector file (") + CPLGetLastErrorMsg() + ")");
  if (ds->GetLayerCount() != 1) throw RasterError(file, "must hold exactly one layer of zone polygons");
  OGRLayer* layer = ds->GetLayer(0);
  const OGRFeatureDefn& defn = *layer->GetLayerDefn();
  const int name_field = field_index(defn, options.name_field, "exposure.zone_name_field", file);
  std::optional<int> id_field;
  if (options.id_field) {
    id_field = field_index(defn, *options.id_field, "exposure.zone_id_field", file);
    const OGRFieldType t = defn.GetFieldDefn(*id_field)->GetType();
    if (t != OFTInteger && t != OFTInteger64)
      throw RasterError(file, "attribute '" + *options.id_field + "' (exposure.zone_id_field) is not an integer field");
  }

  // Polygons are moved into the grid's CRS so that GDAL can burn them at cell centres.
  OGRSpatialReference target;
  std::unique_ptr<OGRCoordinateTransformation> to_grid;
  const OGRSpatialReference* source = layer->GetSpatialRef();
  if (source && !grid.crs_wkt.empty() && target.importFromWkt(grid.crs_wkt.c_str()) == OGRERR_NONE &&
      !source->IsSame(&target)) {
    OGRSpatialReference from(*source);
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    to_grid.reset(OGRCreateCoordinateTransformation(&from, &target));
    if (!to_grid) throw RasterError(file, "its CRS cannot be transformed to the DEM's CRS");
  }

  std::vector<std::string> names;
  std::vector<std::int32_t> ids;
  std::map<std::int64_t, std::size_t> by_id;  // features sharing an id form one zone
  std::vector<std::unique_ptr<OGRGeometry>> geometries;
  std::vector<double> burn;  // zone position + 1; 0 stays "no zone"
  std::int64_t position = 0;
  for (const auto& feature : *layer) {
    ++position;
    const std::int64_t id = id_field ? feature->GetFieldAsInteger64(*id_field) : position;
    if (id < std::numeric_limits<std::int32_t>::min() || id > std::numeric_limits<std::int32_t>::max())
      throw RasterError(file, "zone id " + std::to_string(id) + " does not fit a 32-bit integer");
    auto [it, is_new] = by_id.emplace(id, names.size());
    if (is_new) {
      names.emplace_back(feature->GetFieldAsString(name_field));
      ids.push_back(static_cast<std::int32_t>(id));
    }
    const OGRGeometry* g = feature->GetGeometryRef();
    if (g == nullptr) continue;
    // A zone is an area: points or lines would give zones of arbitrary cells.
    const OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
    if (type != wkbPolygon && type != wkbMultiPolygon && type != wkbCurvePolygon && type != wkbMultiSurface)
      throw RasterError(file, "zone '" + names[it->second] + "' (feature " + std::to_string(position) + ") is a " +
                                  OGRGeometryTypeToName(type) + ", not a polygon; zones must be polygons");
    std::unique_ptr<OGRGeometry> copy(g->clone());
    if (to_grid && copy->transform(to_grid.get()) != OGRERR_NONE)
      throw RasterError(file, "zone '" + names[it->second] + "' cannot be transformed to the DEM's CRS");
    geometries.push_back(std::move(copy));
    burn.push_back(double(it->second) + 1.0);
  }
  if (names.empty()) throw RasterError(file, "holds no zones");

  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  DatasetPtr canvas(mem->Create("", grid.nx, grid.ny, 1, GDT_Int32, nullptr));
  if (!canvas) throw RasterError(file, "could not create the in-memory grid to rasterise the zones on");
  double gt[6] = {grid.x_min, grid.dx, 0.0, grid.y_max(), 0.0, -grid.dy};
  canvas->SetGeoTransform(gt);
  canvas->GetRasterBand(1)->Fill(0.0);
  std::vector<OGRGeometryH> handles;
  for (auto& g : geometries) handles.push_back(OGRGeometry::ToHandle(g.get()));
  int band = 1;
  // Without ALL_TOUCHED GDAL burns exactly the cells whose centre lies inside a polygon.
  if (!handles.empty() &&
      GDALRasterizeGeometries(GDALDataset::ToHandle(canvas.get()), 1, &band, static_cast<int>(handles.size()),
                              handles.data(), nullptr, nullptr, burn.data(), nullptr, nullptr, nullptr) != CE_None)
    throw RasterError(file, std::string("rasterising the zones failed (") + CPLGetLastErrorMsg() + ")");
  std::vector<std::int32_t> rows(grid.cell_count());
  if (canvas->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, grid.nx, grid.ny, rows.data(), grid.nx, grid.ny, GDT_Int32,
                                         0, 0) != CE_None)
    throw RasterError(file, "reading the rasterised zones failed");
  std::vector<std::int32_t> cells(grid.cell_count(), -1);
  for (int j = 0; j < grid.ny; ++j)  // GDAL rows run from the north, polder's from the south
    for (int i = 0; i < grid.nx; ++i)
      cells[grid.index(i, j)] = rows[std::size_t(grid.ny - 1 - j) * std::size_t(grid.nx) + std::size_t(i)] - 1;
  ZoneMap out = compact(std::move(cells), names, ids, file);
  out.method = std::string("zone polygons rasterised at cell centres") + (to_grid ? " after reprojection" : "");
  return out;
}

}  // namespace

bool is_vector_zone_file(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".geojson" || ext == ".json" || ext == ".gpkg" || ext == ".shp";
}

ZoneMap zones_on_grid(const std::filesystem::path& file, const GridGeometry& grid, const ZoneOptions& options) {
  return is_vector_zone_file(file) ? vector_zones(file, grid, options) : raster_zones(file, grid);
}

}  // namespace polder
