#include "polder/grids/io/raster_io.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <cstdlib>
#include <memory>

namespace polder {

namespace {
struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;
}  // namespace

RasterLayer read_raster(const std::filesystem::path& file) {
  GDALAllRegister();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  if (!std::filesystem::exists(file)) {
    CPLPopErrorHandler();
    throw RasterError(file, "file not found");
  }
  DatasetPtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
  CPLPopErrorHandler();
  if (!ds) throw RasterError(file, std::string("not a readable raster (") + CPLGetLastErrorMsg() + ")");
  if (ds->GetRasterCount() < 1) throw RasterError(file, "has no raster band");
  double gt[6];
  if (ds->GetGeoTransform(gt) != CE_None) throw RasterError(file, "has no geotransform (not georeferenced)");
  if (gt[2] != 0.0 || gt[4] != 0.0) throw RasterError(file, "is rotated or sheared; polder needs a north-up grid");
  if (!(gt[1] > 0.0) || gt[5] == 0.0) throw RasterError(file, "has an invalid cell size in its geotransform");

  RasterLayer layer;
  GridGeometry& g = layer.geometry;
  g.nx = ds->GetRasterXSize();
  g.ny = ds->GetRasterYSize();
  g.dx = gt[1];
  g.dy = std::abs(gt[5]);
  g.x_min = gt[0];
  const bool north_up = gt[5] < 0.0;
  g.y_min = north_up ? gt[3] + gt[5] * g.ny : gt[3];
  if (const OGRSpatialReference* srs = ds->GetSpatialRef()) {
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT1_GDAL", nullptr};
    if (srs->exportToWkt(&wkt, options) == OGRERR_NONE && wkt != nullptr) g.crs_wkt = wkt;
    CPLFree(wkt);
    layer.crs_is_projected_metres = srs->IsProjected() && std::abs(srs->GetLinearUnits() - 1.0) < 1e-12;
  }

  GDALRasterBand* band = ds->GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  if (has_nodata) layer.nodata = nodata;
  std::vector<double> rows(g.cell_count());
  if (band->RasterIO(GF_Read, 0, 0, g.nx, g.ny, rows.data(), g.nx, g.ny, GDT_Float64, 0, 0) != CE_None)
    throw RasterError(file, std::string("could not be read (") + CPLGetLastErrorMsg() + ")");

  layer.values = HostField<double>(g.nx, g.ny, 0.0);
  layer.valid.assign(g.cell_count(), 1);
  const bool nodata_is_nan = has_nodata && std::isnan(nodata);
  for (int r = 0; r < g.ny; ++r) {
    const int j = north_up ? g.ny - 1 - r : r;
    for (int i = 0; i < g.nx; ++i) {
      const double v = rows[std::size_t(r) * std::size_t(g.nx) + std::size_t(i)];
      const std::size_t k = g.index(i, j);
      const bool is_nodata = (has_nodata && !nodata_is_nan && v == nodata) || (nodata_is_nan && std::isnan(v));
      if (is_nodata) {
        layer.valid[k] = 0;
        continue;
      }
      if (!std::isfinite(v))
        throw RasterError(file, std::string(std::isnan(v) ? "NaN" : "infinite") + " value in a cell that is not nodata (row " +
                                    std::to_string(r) + ", column " + std::to_string(i) + ")");
      layer.values[k] = v;
    }
  }
  return layer;
}

bool same_crs(const std::string& wkt_a, const std::string& wkt_b) {
  if (wkt_a.empty() || wkt_b.empty()) return false;
  if (wkt_a == wkt_b) return true;
  OGRSpatialReference a;
  OGRSpatialReference b;
  if (a.importFromWkt(wkt_a.c_str()) != OGRERR_NONE || b.importFromWkt(wkt_b.c_str()) != OGRERR_NONE) return false;
  return a.IsSame(&b) != 0;
}

std::optional<int> epsg_code(const std::string& wkt) {
  OGRSpatialReference srs;
  if (wkt.empty() || srs.importFromWkt(wkt.c_str()) != OGRERR_NONE) return std::nullopt;
  if (srs.GetAuthorityCode(nullptr) == nullptr) srs.AutoIdentifyEPSG();
  const char* authority = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (authority == nullptr || code == nullptr || std::string(authority) != "EPSG") return std::nullopt;
  return std::atoi(code);
}

}  // namespace polder
