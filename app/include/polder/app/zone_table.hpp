#pragma once
// The per-zone exposure table beside the result file, for spreadsheets (CSV) and GIS (GeoJSON).
#include <filesystem>
#include <string>
#include <vector>

#include "polder/app/table_text.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

// <result>.zones.csv and <result>.zones.geojson: the result file's name with its extension replaced.
[[nodiscard]] std::filesystem::path zone_table_path(const std::filesystem::path& result_file);
[[nodiscard]] std::filesystem::path zone_geojson_path(const std::filesystem::path& result_file);

// One row per zone, the columns of /exposure/zones (docs/result-file.md); none (empty field,
// JSON null) means none, or withheld where the row's *_suppressed column is 1.
[[nodiscard]] Table zone_table(const ZoneExposure& zones);

// The priority columns that end both the zone and the farm table, and their cells for one row
// (rank 0, a withheld zone's, is none).
inline constexpr const char* priority_columns[] = {"priority_arrival", "time_available", "time_needed",
                                                   "latest_safe_start", "slack",          "priority_weight",
                                                   "priority_rank"};
void append_priority_cells(std::vector<TableCell>& row, const EvacuationPriority& p);
[[nodiscard]] std::string zone_table_csv(const ZoneExposure& zones);

// Writes zone_table_csv under a temporary name and renames it. Throws IoError when it cannot.
void write_zone_table_csv(const std::filesystem::path& file, const ZoneExposure& zones);

// Text files beside the result are written like the result: temporary name, then rename.
void write_text_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace polder
