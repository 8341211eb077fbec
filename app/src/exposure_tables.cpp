// The zone and farm tables as CSV and GeoJSON beside the result, all written together.
#include "polder/app/exposure_overlay.hpp"
#include "polder/app/table_text.hpp"
#include "polder/app/zone_table.hpp"
#include "polder/grids/io/zone_outlines.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

namespace {

std::string threshold_text(double t) {
  std::string s = csv_number(t);
  return s.empty() ? "nan" : s;
}

Table farm_table(const std::vector<FarmRow>& farms, const std::vector<double>& thresholds) {
  Table t;
  t.columns = {"farm_id", "name", "x", "y", "species", "head_count", "in_domain", "zone_id", "zone_name"};
  for (double th : thresholds) t.columns.push_back("arrival_" + threshold_text(th) + "m");
  t.columns.emplace_back("max_depth");
  for (const char* p : priority_columns) t.columns.emplace_back(p);
  for (const FarmRow& f : farms) {
    std::vector<TableCell> v = {text_cell(f.farm_id),
                                text_cell(f.name),
                                number_cell(f.x),
                                number_cell(f.y),
                                text_cell(f.species),
                                number_cell(f.head_count),
                                number_cell(f.in_domain ? 1.0 : 0.0),
                                f.zone_id ? number_cell(double(*f.zone_id)) : TableCell{"", "null"},
                                text_cell(f.zone_name)};
    for (const auto& a : f.arrival) v.push_back(minute_cell(a));
    v.push_back(number_cell(f.max_depth));
    append_priority_cells(v, f.priority);
    t.rows.push_back(std::move(v));
  }
  return t;
}

std::vector<std::string> farm_points(const std::vector<FarmRow>& farms) {
  std::vector<std::string> g;
  g.reserve(farms.size());
  for (const FarmRow& f : farms)
    g.push_back("{\"type\":\"Point\",\"coordinates\":[" + number_cell(f.x).json + ',' + number_cell(f.y).json + "]}");
  return g;
}

}  // namespace

std::filesystem::path farm_table_path(const std::filesystem::path& result_file) {
  std::filesystem::path p = result_file;
  return p.replace_extension(".farms.csv");
}

std::filesystem::path farm_geojson_path(const std::filesystem::path& result_file) {
  std::filesystem::path p = result_file;
  return p.replace_extension(".farms.geojson");
}

std::vector<std::filesystem::path> write_exposure_tables(const std::filesystem::path& result, const ExposureOutput& out,
                                                         const GridGeometry& grid, const std::vector<std::uint8_t>& active,
                                                         const std::vector<double>& thresholds, const ZoneMap* zone_cells) {
  // Tables of an earlier run under the same name must not outlive it (farm rows in particular are
  // written only when asked for).
  std::error_code ignored;
  for (const auto& stale : {zone_table_path(result), zone_geojson_path(result), farm_table_path(result), farm_geojson_path(result)})
    std::filesystem::remove(stale, ignored);
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  if (out.zones) {
    const Table zones = zone_table(*out.zones);
    files.emplace_back(zone_table_path(result), table_csv(zones));
    if (zone_cells != nullptr && zone_cells->names.size() == zones.rows.size())
      files.emplace_back(zone_geojson_path(result),
                         table_geojson(zones, zone_outlines_geojson(*zone_cells, grid, active), "zones", grid.crs_wkt));
  }
  if (out.farms) {
    const Table farms = farm_table(*out.farms, thresholds);
    files.emplace_back(farm_table_path(result), table_csv(farms));
    files.emplace_back(farm_geojson_path(result), table_geojson(farms, farm_points(*out.farms), "farms", grid.crs_wkt));
  }
  std::vector<std::filesystem::path> written;
  try {
    for (const auto& [file, content] : files) {
      write_text_atomically(file, content);
      written.push_back(file);
    }
  } catch (...) {
    for (const auto& file : written) std::filesystem::remove(file, ignored);
    throw;
  }
  return written;
}

}  // namespace polder
