#pragma once
// Helpers shared by the scenario sources; not part of the public interface.
#include <filesystem>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace polder::detail {

// One data row of a two-column CSV, with its 1-based line number in the file.
struct CsvRow {
  int line = 0;
  double time_s = 0.0;
  double value = 0.0;
};

// Reads the data rows of a (time, value) CSV; times increase strictly. Throws
// ConfigError{file, key, "line N: ..."} on content problems, ConfigError{file, key, ...} when the
// file cannot be read or holds no data.
[[nodiscard]] std::vector<CsvRow> read_csv_rows(const std::filesystem::path& file, const std::string& key);

// The whole file as text; ConfigError{file, "", why} when missing or unreadable.
[[nodiscard]] std::string read_text_file(const std::filesystem::path& file);

// Parses TOML; ConfigError{name, "", "TOML syntax error at line L, column C: ..."} on failure.
[[nodiscard]] toml::table parse_toml(const std::string& text, const std::string& name);

// Shortest readable text of a number: "0.03", "3600", "412345.67".
[[nodiscard]] std::string format_number(double v);

// Seconds with a readable equivalent: "5400 s (90 min)", "0 s".
[[nodiscard]] std::string format_duration(double s);

}  // namespace polder::detail
