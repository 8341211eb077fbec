// Durations written as text and (time, value) CSV files.
#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "polder/scenarios/config_error.hpp"
#include "polder/scenarios/scenario.hpp"
#include "scenario_internal.hpp"

namespace polder {
namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n\f\v";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// A whole field as a finite number, or nothing.
bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  double v = 0.0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || p != end || !std::isfinite(v)) return false;
  out = v;
  return true;
}

// Removes one pair of surrounding double quotes, as some spreadsheets write them.
std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return trim(s.substr(1, s.size() - 2));
  return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    fields.push_back(unquote(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  while (fields.size() > 1 && fields.back().empty()) fields.pop_back();  // trailing commas
  return fields;
}

}  // namespace

double parse_duration_s(const std::string& text) {
  const std::string_view s = trim(text);
  const std::string allowed = "expected a number of seconds or a number with a unit (s, min, h, d), like \"90min\"";
  if (s.empty()) throw std::invalid_argument("empty duration: " + allowed);
  double v = 0.0;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc{} || !std::isfinite(v))
    throw std::invalid_argument("'" + std::string(s) + "' is not a duration: " + allowed);
  const std::string_view unit = trim(std::string_view(p, static_cast<std::size_t>(end - p)));
  double factor = 1.0;
  if (unit.empty() || unit == "s") {
    factor = 1.0;
  } else if (unit == "min") {
    factor = 60.0;
  } else if (unit == "h") {
    factor = 3600.0;
  } else if (unit == "d") {
    factor = 86400.0;
  } else if (unit == "m") {
    throw std::invalid_argument("unit 'm' in '" + std::string(s) + "' is ambiguous: write \"min\" for minutes");
  } else {
    throw std::invalid_argument("unknown unit '" + std::string(unit) + "' in '" + std::string(s) +
                                "' (allowed: s, min, h, d)");
  }
  const double seconds = v * factor;
  if (!std::isfinite(seconds)) throw std::invalid_argument("'" + std::string(s) + "' is too large");
  return seconds;
}

TimeSeries read_time_series_csv(const std::filesystem::path& file, const std::string& key) {
  const auto rows = detail::read_csv_rows(file, key);
  std::vector<double> t, v;
  t.reserve(rows.size());
  v.reserve(rows.size());
  for (const auto& r : rows) {
    t.push_back(r.time_s);
    v.push_back(r.value);
  }
  return TimeSeries(std::move(t), std::move(v));
}

namespace detail {

std::vector<CsvRow> read_csv_rows(const std::filesystem::path& file, const std::string& key) {
  const std::string name = file.string();
  std::error_code ec;
  if (!fs::exists(file, ec)) throw ConfigError(name, key, "file not found: " + name);
  if (fs::is_directory(file, ec)) throw ConfigError(name, key, "is a folder, not a CSV file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(name, key, "cannot open the file for reading");

  std::vector<CsvRow> rows;
  std::string raw;
  int line_no = 0;
  bool seen_first = false;  // the first non-comment line may be a header
  while (std::getline(in, raw)) {
    ++line_no;
    std::string_view line = raw;
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // UTF-8 BOM
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    const bool first = !seen_first;
    seen_first = true;
    const auto fields = split_fields(line);
    const std::string where = "line " + std::to_string(line_no) + ": ";

    double t = 0.0;
    try {
      t = parse_duration_s(std::string(fields[0]));
    } catch (const std::invalid_argument& e) {
      if (first) continue;  // a header line
      if (fields.size() == 1 && line.find(';') != std::string_view::npos)
        throw ConfigError(name, key, where + "fields must be separated by commas, not semicolons");
      throw ConfigError(name, key, where + "time: " + e.what());
    }
    if (fields.size() != 2) {
      if (fields.size() == 1 && line.find(';') != std::string_view::npos)
        throw ConfigError(name, key, where + "fields must be separated by commas, not semicolons");
      throw ConfigError(name, key,
                        where + "expected 2 comma-separated fields (time, value), found " + std::to_string(fields.size()));
    }
    double v = 0.0;
    if (!parse_number(fields[1], v))
      throw ConfigError(name, key, where + "value '" + std::string(fields[1]) + "' is not a finite number");
    if (!rows.empty() && !(t > rows.back().time_s))
      throw ConfigError(name, key,
                        where + "time " + format_duration(t) + " is not after the previous time " +
                            format_duration(rows.back().time_s) + " (line " + std::to_string(rows.back().line) +
                            "); times must increase strictly");
    rows.push_back({line_no, t, v});
  }
  if (in.bad()) throw ConfigError(name, key, "read error after line " + std::to_string(line_no));
  if (rows.empty()) throw ConfigError(name, key, "no data rows: expected lines of 'time, value'");
  return rows;
}

std::string format_number(double v) {
  if (v == 0.0) return "0";  // also -0
  std::ostringstream os;
  os << std::setprecision(12) << v;
  return os.str();
}

std::string format_duration(double s) {
  std::string out = format_number(s) + " s";
  const double a = std::fabs(s);
  if (a == 0.0 || a != std::floor(a)) return out;
  if (std::fmod(a, 86400.0) == 0.0) return out + " (" + format_number(s / 86400.0) + " d)";
  if (std::fmod(a, 3600.0) == 0.0) return out + " (" + format_number(s / 3600.0) + " h)";
  if (a >= 60.0 && std::fmod(a, 60.0) == 0.0) return out + " (" + format_number(s / 60.0) + " min)";
  return out;
}

}  // namespace detail
}  // namespace polder
