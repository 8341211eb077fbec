#include "polder/app/zone_table.hpp"

#include <unistd.h>

#include <fstream>
#include <system_error>

namespace polder {

std::filesystem::path zone_table_path(const std::filesystem::path& result_file) {
  std::filesystem::path p = result_file;
  return p.replace_extension(".zones.csv");
}

std::filesystem::path zone_geojson_path(const std::filesystem::path& result_file) {
  std::filesystem::path p = result_file;
  return p.replace_extension(".zones.geojson");
}

Table zone_table(const ZoneExposure& zones) {
  Table t;
  auto& c = t.columns;
  c = {"name", "zone_id"};
  if (zones.has_people) c.emplace_back("people");
  c.emplace_back("first_arrival");
  if (zones.has_people) {
    for (int p : zone_percentages) c.push_back("minutes_to_" + std::to_string(p) + "_percent");
    for (int h : zone_hours) c.push_back("people_within_" + std::to_string(h) + "h");
  }
  for (const char* n : {"max_depth_mean", "max_depth_max", "flooded_area_km2"}) c.emplace_back(n);
  if (zones.has_people) c.emplace_back("people_suppressed");
  if (!zones.species.empty()) {
    c.emplace_back("farms");
    c.emplace_back("animals_suppressed");
    for (const std::string& s : zones.species) {
      c.push_back(s);
      for (int h : zone_hours) c.push_back(s + "_within_" + std::to_string(h) + "h");
    }
  }
  for (const char* n : priority_columns) c.emplace_back(n);

  for (const ZoneRow& r : zones.zones) {
    std::vector<TableCell> v = {text_cell(r.name), number_cell(double(r.zone_id))};
    if (zones.has_people) v.push_back(number_cell(r.people));
    v.push_back(minute_cell(r.first_arrival));
    if (zones.has_people) {
      for (const auto& m : r.minutes_to_percent) v.push_back(minute_cell(m));
      for (double p : r.people_within) v.push_back(number_cell(p));
    }
    v.push_back(number_cell(r.max_depth_mean));
    v.push_back(number_cell(r.max_depth_max));
    v.push_back(number_cell(r.flooded_area_km2));
    if (zones.has_people) v.push_back(number_cell(double(r.people_suppressed)));
    if (!zones.species.empty()) {
      v.push_back(number_cell(double(r.farms)));
      v.push_back(number_cell(double(r.animals_suppressed)));
      for (std::size_t s = 0; s < zones.species.size(); ++s) {
        v.push_back(number_cell(r.animals[s]));
        for (double a : r.animals_within[s]) v.push_back(number_cell(a));
      }
    }
    append_priority_cells(v, r.priority);
    t.rows.push_back(std::move(v));
  }
  return t;
}

void append_priority_cells(std::vector<TableCell>& row, const EvacuationPriority& p) {
  row.push_back(minute_cell(p.arrival));
  row.push_back(number_cell(p.time_available_min));
  row.push_back(number_cell(p.time_needed_min));
  row.push_back(number_cell(p.latest_safe_start));
  row.push_back(number_cell(p.slack_min));
  row.push_back(number_cell(p.weight));
  row.push_back(p.rank > 0 ? number_cell(double(p.rank)) : TableCell{"", "null"});
}

std::string zone_table_csv(const ZoneExposure& zones) { return table_csv(zone_table(zones)); }

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
