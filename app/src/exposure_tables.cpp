// The farm table as CSV and GeoJSON beside the result, and all exposure tables written together.
#include <sstream>

#include "polder/app/exposure_overlay.hpp"
#include "polder/app/zone_table.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

namespace {

std::string threshold_text(double t) {
  std::string s = csv_number(t);
  return s.empty() ? "nan" : s;
}

// Column names and the values of one farm as (text for CSV, JSON value).
struct Cell {
  std::string csv, json;
};

Cell text(const std::string& s) {
  std::string json = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') json += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;  // control characters have no place in a name
    json += c;
  }
  return {csv_text(s), json + "\""};
}
Cell number(double v) {
  const std::string s = csv_number(v);
  return {s, s.empty() ? "null" : s};
}
Cell optional_number(const std::optional<double>& v) { return v ? number(*v) : Cell{"", "null"}; }
Cell minute(const std::optional<std::int32_t>& m) { return m ? Cell{std::to_string(*m), std::to_string(*m)} : Cell{"", "null"}; }

std::vector<std::string> farm_columns(const std::vector<double>& thresholds) {
  std::vector<std::string> c = {"farm_id", "name", "x", "y", "species", "head_count", "in_domain", "zone_id", "zone_name"};
  for (double t : thresholds) c.push_back("arrival_" + threshold_text(t) + "m");
  for (const char* p : {"max_depth", "priority_arrival", "time_available", "time_needed", "latest_safe_start", "slack",
                        "priority_weight", "priority_rank"})
    c.emplace_back(p);
  return c;
}

std::vector<Cell> farm_cells(const FarmRow& f) {
  std::vector<Cell> v = {text(f.farm_id), text(f.name),    number(f.x),   number(f.y), text(f.species),
                         number(f.head_count), number(f.in_domain ? 1 : 0),
                         f.zone_id ? number(*f.zone_id) : Cell{"", "null"}, text(f.zone_name)};
  for (const auto& a : f.arrival) v.push_back(minute(a));
  const EvacuationPriority& p = f.priority;
  v.push_back(optional_number(f.max_depth));
  v.push_back(minute(p.arrival));
  v.push_back(optional_number(p.time_available_min));
  v.push_back(number(p.time_needed_min));
  v.push_back(optional_number(p.latest_safe_start));
  v.push_back(optional_number(p.slack_min));
  v.push_back(number(p.weight));
  v.push_back(number(p.rank));
  return v;
}

std::string farm_csv(const std::vector<FarmRow>& farms, const std::vector<double>& thresholds) {
  std::ostringstream out;
  const auto columns = farm_columns(thresholds);
  for (std::size_t k = 0; k < columns.size(); ++k) out << (k ? "," : "") << columns[k];
  out << '\n';
  for (const FarmRow& f : farms) {
    const auto cells = farm_cells(f);
    for (std::size_t k = 0; k < cells.size(); ++k) out << (k ? "," : "") << cells[k].csv;
    out << '\n';
  }
  return out.str();
}

// GeoJSON in the grid's CRS, named by the (pre-RFC 7946) "crs" member that GDAL and QGIS read.
std::string farm_geojson(const std::vector<FarmRow>& farms, const std::vector<double>& thresholds, const GridGeometry& grid) {
  std::ostringstream out;
  out.precision(17);
  out << "{\"type\":\"FeatureCollection\",\"name\":\"farms\",";
  if (const auto epsg = epsg_code(grid.crs_wkt))
    out << "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::" << *epsg << "\"}},";
  out << "\"features\":[";
  const auto columns = farm_columns(thresholds);
  for (std::size_t r = 0; r < farms.size(); ++r) {
    const auto cells = farm_cells(farms[r]);
    out << (r ? ",\n" : "\n") << "{\"type\":\"Feature\",\"properties\":{";
    for (std::size_t k = 0; k < cells.size(); ++k) out << (k ? "," : "") << '"' << columns[k] << "\":" << cells[k].json;
    out << "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" << number(farms[r].x).json << ','
        << number(farms[r].y).json << "]}}";
  }
  out << "\n]}\n";
  return out.str();
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
                                                         const GridGeometry& grid, const std::vector<double>& thresholds) {
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  if (out.zones) files.emplace_back(zone_table_path(result), zone_table_csv(*out.zones));
  if (out.farms) {
    files.emplace_back(farm_table_path(result), farm_csv(*out.farms, thresholds));
    files.emplace_back(farm_geojson_path(result), farm_geojson(*out.farms, thresholds, grid));
  }
  std::vector<std::filesystem::path> written;
  try {
    for (const auto& [file, content] : files) {
      write_text_atomically(file, content);
      written.push_back(file);
    }
  } catch (...) {
    std::error_code ignored;
    for (const auto& file : written) std::filesystem::remove(file, ignored);
    throw;
  }
  return written;
}

}  // namespace polder
