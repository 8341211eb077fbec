#include "polder/app/table_text.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "polder/grids/io/raster_io.hpp"

namespace polder {

std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

TableCell text_cell(const std::string& s) {
  std::string json = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') json += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;  // control characters have no place in a name
    json += c;
  }
  return {csv_text(s), json + "\""};
}

TableCell number_cell(double v) {
  const std::string s = csv_number(v);
  return {s, std::isfinite(v) ? s : "null"};  // JSON has no NaN or infinity
}

TableCell number_cell(const std::optional<double>& v) { return v ? number_cell(*v) : TableCell{"", "null"}; }

TableCell minute_cell(const std::optional<std::int32_t>& m) {
  return m ? TableCell{std::to_string(*m), std::to_string(*m)} : TableCell{"", "null"};
}

std::string table_csv(const Table& t) {
  std::ostringstream out;
  for (std::size_t k = 0; k < t.columns.size(); ++k) out << (k ? "," : "") << csv_text(t.columns[k]);
  out << '\n';
  for (const auto& row : t.rows) {
    for (std::size_t k = 0; k < row.size(); ++k) out << (k ? "," : "") << row[k].csv;
    out << '\n';
  }
  return out.str();
}

std::string table_geojson(const Table& t, const std::vector<std::string>& geometries, const std::string& name,
                          const std::string& crs_wkt) {
  if (geometries.size() != t.rows.size()) throw std::invalid_argument("table_geojson: one geometry per row expected");
  std::ostringstream out;
  out << "{\"type\":\"FeatureCollection\",\"name\":" << text_cell(name).json << ',';
  if (const auto epsg = epsg_code(crs_wkt))
    out << "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::" << *epsg << "\"}},";
  out << "\"features\":[";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out << (r ? ",\n" : "\n") << "{\"type\":\"Feature\",\"properties\":{";
    for (std::size_t k = 0; k < t.columns.size(); ++k)
      out << (k ? "," : "") << text_cell(t.columns[k]).json << ':' << t.rows[r][k].json;
    out << "},\"geometry\":" << geometries[r] << '}';
  }
  out << "\n]}\n";
  return out.str();
}

}  // namespace polder
