#include "polder/app/zone_table.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

namespace polder {

namespace {

std::string minute(const std::optional<std::int32_t>& m) { return m ? std::to_string(*m) : std::string(); }
std::string optional_number(const std::optional<double>& v) { return v ? csv_number(*v) : std::string(); }

}  // namespace

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

std::filesystem::path zone_table_path(const std::filesystem::path& result_file) {
  std::filesystem::path p = result_file;
  return p.replace_extension(".zones.csv");
}

std::string zone_table_csv(const ZoneExposure& zones) {
  std::ostringstream out;
  out << "name,zone_id";
  if (zones.has_people) out << ",people";
  out << ",first_arrival";
  if (zones.has_people) {
    for (int p : zone_percentages) out << ",minutes_to_" << p << "_percent";
    for (int h : zone_hours) out << ",people_within_" << h << "h";
  }
  out << ",max_depth_mean,max_depth_max,flooded_area_km2";
  if (zones.has_people) out << ",people_suppressed";
  if (!zones.species.empty()) {
    out << ",farms,animals_suppressed";
    for (const std::string& s : zones.species) {
      out << ',' << csv_text(s);
      for (int h : zone_hours) out << ',' << csv_text(s + "_within_" + std::to_string(h) + "h");
    }
  }
  out << ",priority_arrival,time_available,time_needed,latest_safe_start,slack,priority_weight,priority_rank\n";
  for (const ZoneRow& r : zones.zones) {
    out << csv_text(r.name) << ',' << r.zone_id;
    if (zones.has_people) out << ',' << csv_number(r.people);
    out << ',' << minute(r.first_arrival);
    if (zones.has_people) {
      for (const auto& m : r.minutes_to_percent) out << ',' << minute(m);
      for (double v : r.people_within) out << ',' << csv_number(v);
    }
    out << ',' << csv_number(r.max_depth_mean) << ',' << csv_number(r.max_depth_max) << ',' << csv_number(r.flooded_area_km2);
    if (zones.has_people) out << ',' << int(r.people_suppressed);
    if (!zones.species.empty()) {
      out << ',' << r.farms << ',' << int(r.animals_suppressed);
      for (std::size_t s = 0; s < zones.species.size(); ++s) {
        out << ',' << csv_number(r.animals[s]);
        for (double v : r.animals_within[s]) out << ',' << csv_number(v);
      }
    }
    const EvacuationPriority& p = r.priority;
    out << ',' << minute(p.arrival) << ',' << optional_number(p.time_available_min) << ','
        << csv_number(p.time_needed_min) << ',' << optional_number(p.latest_safe_start) << ','
        << optional_number(p.slack_min) << ',' << csv_number(p.weight) << ',' << p.rank << '\n';
  }
  return out.str();
}

void write_text_atomically(const std::filesystem::path& file, const std::string& text) {
  // Built by appending: GCC 12 warns (falsely, -Wrestrict) on a chain of string + here.
  std::string name = ".";
  name.append(file.filename().string()).append(".partial-").append(std::to_string(::getpid()));
  const std::filesystem::path partial = file.parent_path() / name;
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw IoError("cannot write '" + file.string() + "'");
    }
  }
  std::error_code ec;
  std::filesystem::rename(partial, file, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    throw IoError("cannot write '" + file.string() + "': " + ec.message());
  }
}

void write_zone_table_csv(const std::filesystem::path& file, const ZoneExposure& zones) {
  write_text_atomically(file, zone_table_csv(zones));
}

}  // namespace polder
