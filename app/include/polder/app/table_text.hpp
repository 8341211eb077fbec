#pragma once
// Tables beside the result file for spreadsheets and GIS: one set of columns and rows, written as
// CSV (RFC 4180) or as a GeoJSON FeatureCollection with one geometry per row.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polder {

// One value as CSV field and as JSON value: "none" is an empty field and null.
struct TableCell {
  std::string csv;
  std::string json;
};
[[nodiscard]] TableCell text_cell(const std::string& s);
[[nodiscard]] TableCell number_cell(double v);  // NaN: none
[[nodiscard]] TableCell number_cell(const std::optional<double>& v);
[[nodiscard]] TableCell minute_cell(const std::optional<std::int32_t>& m);

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<TableCell>> rows;  // each as long as columns
};

// Header line, then one line per row.
[[nodiscard]] std::string table_csv(const Table& t);

// A FeatureCollection named `name`; `geometries[r]` is row r's GeoJSON geometry. The CRS is named
// by the (pre-RFC 7946) "crs" member that GDAL and QGIS read, when crs_wkt has an EPSG code.
[[nodiscard]] std::string table_geojson(const Table& t, const std::vector<std::string>& geometries,
                                        const std::string& name, const std::string& crs_wkt);

// Shortest text that reads back as the same double; empty for NaN.
[[nodiscard]] std::string csv_number(double v);
// RFC 4180: quote when needed, double the quotes inside.
[[nodiscard]] std::string csv_text(const std::string& s);

}  // namespace polder
