#include "polder/grids/io/points.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <optional>

#include "polder/grids/io/raster_io.hpp"

namespace polder {

namespace {

struct DatasetCloser {
  void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

bool is_csv(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == ".csv";
}

std::optional<double> parse_number(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string field_list(const OGRFeatureDefn& defn) {
  std::string out;
  for (int f = 0; f < defn.GetFieldCount(); ++f) out += (f ? ", " : "") + std::string(defn.GetFieldDefn(f)->GetNameRef());
  return out.empty() ? "none" : out;
}

std::string where(bool csv, long long feature) {
  return csv ? "data row " + std::to_string(feature) : "feature " + std::to_string(feature);
}

}  // namespace

std::string point_position(const std::filesystem::path& file, const PointRecord& p) { return where(is_csv(file), p.feature); }

PointLayer read_points(const std::filesystem::path& file, const std::vector<std::string>& required,
                       const std::vector<std::string>& optional, const std::string& target_crs_wkt) {
  GDALAllRegister();
  if (!std::filesystem::exists(file)) throw RasterError(file, "file not found");
  const bool csv = is_csv(file);
  // Every CSV field is read as text (no type guessing): numbers are parsed and checked here.
  const char* csv_options[] = {"KEEP_GEOM_COLUMNS=YES", nullptr};
  CPLPushErrorHandler(CPLQuietErrorHandler);
  DatasetPtr ds(GDALDataset::Open(file.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                  csv ? csv_options : nullptr, nullptr));
  CPLPopErrorHandler();
  if (!ds) throw RasterError(file, std::string("not a readable vector file (") + CPLGetLastErrorMsg() + ")");
  if (ds->GetLayerCount() != 1) throw RasterError(file, "must hold exactly one layer of points");
  OGRLayer* layer = ds->GetLayer(0);
  const OGRFeatureDefn& defn = *layer->GetLayerDefn();

  std::vector<std::string> names = required;
  if (csv) {
    names.emplace_back("x");
    names.emplace_back("y");
  }
  std::map<std::string, int> index;
  for (const std::string& name : names) {
    const int f = defn.GetFieldIndex(name.c_str());
    if (f < 0) throw RasterError(file, "has no field '" + name + "'; its fields: " + field_list(defn));
    index[name] = f;
  }
  for (const std::string& name : optional)
    if (const int f = defn.GetFieldIndex(name.c_str()); f >= 0) index[name] = f;

  PointLayer out;
  std::unique_ptr<OGRCoordinateTransformation> to_target;
  if (const OGRSpatialReference* source = csv ? nullptr : layer->GetSpatialRef(); source && !target_crs_wkt.empty()) {
    OGRSpatialReference target;
    if (target.importFromWkt(target_crs_wkt.c_str()) == OGRERR_NONE && !source->IsSame(&target)) {
      OGRSpatialReference from(*source);
      from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      to_target.reset(OGRCreateCoordinateTransformation(&from, &target));
      if (!to_target) throw RasterError(file, "its CRS cannot be transformed to the DEM's CRS");
      out.reprojected = true;
    }
  }

  long long position = 0;
  for (const auto& feature : *layer) {
    ++position;
    PointRecord p;
    p.feature = position;
    for (const auto& [name, f] : index) p.fields[name] = feature->IsFieldSetAndNotNull(f) ? feature->GetFieldAsString(f) : "";
    if (csv) {
      const auto x = parse_number(p.fields["x"]);
      const auto y = parse_number(p.fields["y"]);
      if (!x || !y) throw RasterError(file, where(csv, position) + ": x and y must be numbers, got '" + p.fields["x"] +
                                                "', '" + p.fields["y"] + "'");
      p.x = *x;
      p.y = *y;
    } else {
      const OGRGeometry* g = feature->GetGeometryRef();
      if (g == nullptr || wkbFlatten(g->getGeometryType()) != wkbPoint)
        throw RasterError(file, where(csv, position) + ": needs a point geometry");
      OGRPoint pt(*g->toPoint());
      if (to_target && pt.transform(to_target.get()) != OGRERR_NONE)
        throw RasterError(file, where(csv, position) + ": cannot be transformed to the DEM's CRS");
      p.x = pt.getX();
      p.y = pt.getY();
    }
    out.points.push_back(std::move(p));
  }
  return out;
}

double point_number(const PointRecord& p, const std::string& field, const std::filesystem::path& file) {
  const auto it = p.fields.find(field);
  const std::string text = it == p.fields.end() ? std::string() : it->second;
  const auto v = parse_number(text);
  if (!v) throw RasterError(file, point_position(file, p) + ": field '" + field + "' must be a number, got '" + text + "'");
  return *v;
}

}  // namespace polder
