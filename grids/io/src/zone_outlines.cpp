#include "polder/grids/io/zone_outlines.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "polder/grids/io/raster_io.hpp"

namespace polder {

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

RasterError outline_error(const std::string& what) {
  return RasterError(std::filesystem::path("zone outlines"), what + " (" + CPLGetLastErrorMsg() + ")");
}

}  // namespace

std::vector<std::string> zone_outlines_geojson(const ZoneMap& zones, const GridGeometry& grid,
                                               const std::vector<std::uint8_t>& active) {
  GDALAllRegister();
  if (zones.zone_of_cell.size() != grid.cell_count() || active.size() != grid.cell_count())
    throw std::invalid_argument("zone outlines: zone map, model mask and grid differ in size");
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  // Band 1: zone position; band 2: 1 where a zone is (GDALPolygonize skips mask 0).
  DatasetPtr canvas(mem->Create("", grid.nx, grid.ny, 2, GDT_Int32, nullptr));
  if (!canvas) throw outline_error("could not create the in-memory grid");
  double gt[6] = {grid.x_min, grid.dx, 0.0, grid.y_max(), 0.0, -grid.dy};
  canvas->SetGeoTransform(gt);
  std::vector<std::int32_t> rows(grid.cell_count());
  std::vector<std::int32_t> mask(grid.cell_count());
  for (int j = 0; j < grid.ny; ++j)  // GDAL rows run from the north, polder's from the south
    for (int i = 0; i < grid.nx; ++i) {
      const std::size_t r = std::size_t(grid.ny - 1 - j) * std::size_t(grid.nx) + std::size_t(i);
      const std::size_t k = grid.index(i, j);
      rows[r] = zones.zone_of_cell[k];
      mask[r] = rows[r] >= 0 && active[k] != 0 ? 1 : 0;
    }
  for (int b = 1; b <= 2; ++b)
    if (canvas->GetRasterBand(b)->RasterIO(GF_Write, 0, 0, grid.nx, grid.ny, b == 1 ? rows.data() : mask.data(), grid.nx,
                                           grid.ny, GDT_Int32, 0, 0) != CE_None)
      throw outline_error("could not fill the in-memory grid");

  GDALDriver* memory_vector = GetGDALDriverManager()->GetDriverByName("Memory");
  DatasetPtr shapes(memory_vector->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  if (!shapes) throw outline_error("could not create the in-memory layer");
  OGRLayer* layer = shapes->CreateLayer("zones", nullptr, wkbPolygon, nullptr);
  OGRFieldDefn field("zone", OFTInteger);
  if (layer == nullptr || layer->CreateField(&field) != OGRERR_NONE) throw outline_error("could not create the layer");
  // 4-connected (the default): cells meeting at a corner only become separate polygons.
  if (GDALPolygonize(canvas->GetRasterBand(1), canvas->GetRasterBand(2), OGRLayer::ToHandle(layer), 0, nullptr,
                     nullptr, nullptr) != CE_None)
    throw outline_error("polygonising the zones failed");

  std::vector<OGRMultiPolygon> parts(zones.names.size());
  for (const auto& feature : *layer) {
    const int z = feature->GetFieldAsInteger(0);
    const OGRGeometry* g = feature->GetGeometryRef();
    if (z < 0 || std::size_t(z) >= parts.size() || g == nullptr) continue;
    parts[std::size_t(z)].addGeometry(g);
  }
  std::vector<std::string> out;
  out.reserve(parts.size());
  char precision[] = "COORDINATE_PRECISION=6";
  char* options[] = {precision, nullptr};
  for (const OGRMultiPolygon& m : parts) {
    char* json = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(const_cast<OGRMultiPolygon*>(&m)), options);
    if (json == nullptr) throw outline_error("could not write a zone outline as GeoJSON");
    out.emplace_back(json);
    CPLFree(json);
  }
  return out;
}

}  // namespace polder
