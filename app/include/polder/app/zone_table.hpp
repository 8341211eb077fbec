#pragma once
// The per-zone exposure table as CSV beside the result file, for spreadsheets.
#include <filesystem>

#include "polder/results/result_file.hpp"

namespace polder {

// <result>.zones.csv: the result file's name with its extension replaced.
[[nodiscard]] std::filesystem::path zone_table_path(const std::filesystem::path& result_file);

// One row per zone, the columns of /exposure/zones (empty cell = none); the people in no zone
// are in the result file and the log. Throws IoError when the file cannot be written.
void write_zone_table_csv(const std::filesystem::path& file, const ZoneExposure& zones);

}  // namespace polder
