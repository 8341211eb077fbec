#pragma once
// The per-zone exposure table as CSV beside the result file, for spreadsheets and GIS joins.
#include <filesystem>
#include <string>

#include "polder/results/result_file.hpp"

namespace polder {

// <result>.zones.csv: the result file's name with its extension replaced.
[[nodiscard]] std::filesystem::path zone_table_path(const std::filesystem::path& result_file);

// One row per zone, the columns of /exposure/zones (docs/result-file.md); an empty field means
// none, or withheld where the row's *_suppressed column is 1.
[[nodiscard]] std::string zone_table_csv(const ZoneExposure& zones);

// Writes zone_table_csv under a temporary name and renames it. Throws IoError when it cannot.
void write_zone_table_csv(const std::filesystem::path& file, const ZoneExposure& zones);

// Text files beside the result are written like the result: temporary name, then rename.
void write_text_atomically(const std::filesystem::path& file, const std::string& text);

// Shortest text that reads back as the same double; empty for NaN.
[[nodiscard]] std::string csv_number(double v);
// RFC 4180: quote when needed, double the quotes inside.
[[nodiscard]] std::string csv_text(const std::string& s);

}  // namespace polder
