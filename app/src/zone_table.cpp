#include "polder/app/zone_table.hpp"

#include <charconv>
#include <fstream>
#include <string>

namespace polder {

namespace {

// RFC 4180: quote when needed, double the quotes inside.
std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Shortest text that reads back as the same double.
std::string number(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string minute(const std::optional<std::int32_t>& m) { return m ? std::to_string(*m) : std::string(); }

}  // namespace

std::filesystem::path zone_table_path(const std::filesystem::path& result_file) {
  std::filesystem::path p = result_file;
  return p.replace_extension(".zones.csv");
}

void write_zone_table_csv(const std::filesystem::path& file, const ZoneExposure& zones) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << "name,zone_id,people,first_arrival";
  for (int p : zone_percentages) out << ",minutes_to_" << p << "_percent";
  for (int h : zone_hours) out << ",people_within_" << h << "h";
  out << ",max_depth_mean,max_depth_max,flooded_area_km2\n";
  for (const ZoneRow& r : zones.zones) {
    out << csv_text(r.name) << ',' << r.zone_id << ',' << number(r.people) << ',' << minute(r.first_arrival);
    for (const auto& m : r.minutes_to_percent) out << ',' << minute(m);
    for (double v : r.people_within) out << ',' << number(v);
    out << ',' << number(r.max_depth_mean) << ',' << number(r.max_depth_max) << ',' << number(r.flooded_area_km2)
        << '\n';
  }
  out.close();
  if (!out) throw IoError("cannot write the zone table '" + file.string() + "'");
}

}  // namespace polder
