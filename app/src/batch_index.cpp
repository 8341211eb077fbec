#include "polder/app/batch_index.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "polder/app/table_text.hpp"
#include "polder/results/hdf5_writing.hpp"
#include "polder/results/result_file.hpp"

namespace polder::batch {

namespace fs = std::filesystem;

const char* status_text(Status s) {
  switch (s) {
    case Status::pending:
      return "pending";
    case Status::done:
      return "done";
    case Status::failed:
      return "failed";
    case Status::skipped_complete:
      return "skipped-complete";
  }
  return "?";
}

namespace {

using h5w::check;
using h5w::Handle;
using h5w::Hdf5Failure;
using h5w::int_fill;
using h5w::QuietHdf5Errors;

// ---------------------------------------------------------------------------------------------
// Reading a result file

bool has_attribute(hid_t obj, const std::string& name) { return H5Aexists(obj, name.c_str()) > 0; }

double read_double_attribute(hid_t obj, const std::string& name) {
  Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "opening attribute " + name);
  double v = no_value;
  check(H5Aread(a, H5T_NATIVE_DOUBLE, &v), "reading attribute " + name);
  return v;
}

// Text attributes are fixed-length (as polder writes them) or variable-length strings.
std::string read_string_attribute(hid_t obj, const std::string& name) {
  const std::string what = "reading attribute " + name;
  Handle a(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, what);
  Handle type(H5Aget_type(a), H5Tclose, what);
  if (H5Tget_class(type) != H5T_STRING) throw Hdf5Failure(what + ": not text");
  if (H5Tis_variable_str(type) > 0) {
    Handle memory(H5Tcopy(H5T_C_S1), H5Tclose, what);
    check(H5Tset_size(memory, H5T_VARIABLE), what);
    char* s = nullptr;
    check(H5Aread(a, memory, &s), what);
    std::string v = s ? s : "";
    H5free_memory(s);
    return v;
  }
  std::string v(H5Tget_size(type), '\0');
  check(H5Aread(a, type, v.data()), what);
  v.erase(std::find(v.begin(), v.end(), '\0'), v.end());
  return v;
}

bool has_link(hid_t file, const std::string& path) {
  // Each component in turn: H5Lexists fails on a path whose parent is missing.
  std::size_t pos = 0;
  while ((pos = path.find('/', pos + 1)) != std::string::npos)
    if (H5Lexists(file, path.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  return H5Lexists(file, path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> read_strings(hid_t file, const std::string& path) {
  const std::string what = "reading " + path;
  Handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, what);
  Handle space(H5Dget_space(ds), H5Sclose, what);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) throw Hdf5Failure(what);
  Handle type(H5Dget_type(ds), H5Tclose, what);
  std::vector<std::string> out;
  if (H5Tis_variable_str(type) > 0) {
    Handle memory(H5Tcopy(H5T_C_S1), H5Tclose, what);
    check(H5Tset_size(memory, H5T_VARIABLE), what);
    check(H5Tset_cset(memory, H5T_CSET_UTF8), what);
    std::vector<char*> p(static_cast<std::size_t>(n), nullptr);
    if (n > 0) check(H5Dread(ds, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()), what);
    for (char* s : p) out.emplace_back(s ? s : "");
    if (n > 0) H5Dvlen_reclaim(memory, space, H5P_DEFAULT, p.data());
  } else {
    const std::size_t size = H5Tget_size(type);
    std::string buf(size * static_cast<std::size_t>(n), '\0');
    if (n > 0) check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), what);
    for (hssize_t k = 0; k < n; ++k) {
      std::string s = buf.substr(static_cast<std::size_t>(k) * size, size);
      s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<std::int32_t> read_ints(hid_t file, const std::string& path) {
  const std::string what = "reading " + path;
  Handle ds(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose, what);
  Handle space(H5Dget_space(ds), H5Sclose, what);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  if (n < 0) throw Hdf5Failure(what);
  std::vector<std::int32_t> v(static_cast<std::size_t>(n));
  if (n > 0) check(H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), what);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Writing index.h5 (netCDF-4 friendly: one dimension `scenario`, 1-D variables over it)

using h5w::write_attribute;

// A 1-D or 2-D variable with its CF description.
template <class T>
Handle write_numbers(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims, const std::vector<T>& values,
                     std::optional<T> fill, const std::string& long_name, const std::string& units) {
  Handle ds = h5w::write_dataset<T>(loc, name, dims, values, fill);
  h5w::describe(ds, long_name, units);
  return ds;
}

Handle write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values, const std::string& long_name) {
  Handle ds = h5w::write_strings(loc, name, values);
  write_attribute(ds, "long_name", long_name);
  return ds;
}

std::vector<std::int32_t> positions(std::size_t n) {
  std::vector<std::int32_t> v(n);
  for (std::size_t k = 0; k < n; ++k) v[k] = static_cast<std::int32_t>(k);
  return v;
}

// Zones in order of first appearance over the rows: the `zone` dimension and the CSV columns.
std::vector<std::string> zone_union(const Index& index) {
  std::vector<std::string> zones;
  for (const IndexRow& r : index.rows)
    for (const ZoneArrival& z : r.figures.zones)
      if (std::find(zones.begin(), zones.end(), z.zone) == zones.end()) zones.push_back(z.zone);
  return zones;
}

std::optional<std::int32_t> arrival_in(const IndexRow& r, const std::string& zone) {
  for (const ZoneArrival& z : r.figures.zones)
    if (z.zone == zone) return z.minute;
  return std::nullopt;
}

void write_h5(const fs::path& path, const Index& index) {
  Handle file = h5w::create_netcdf4_file(path.string());

  std::size_t counts[4] = {};
  for (const IndexRow& r : index.rows) ++counts[static_cast<int>(r.status)];
  write_attribute(file, "Conventions", "CF-1.8");
  write_attribute(file, "title", "polder scenario library index: " + index.library_name);
  write_attribute(file, "library_name", index.library_name);
  write_attribute(file, "library_file", index.library_file.string());
  write_attribute(file, "polder_version", POLDER_VERSION);
  write_attribute(file, "history", h5w::now_utc() + " written by polder batch " + POLDER_VERSION);
  write_attribute<std::int32_t>(file, "scenarios_pending", static_cast<std::int32_t>(counts[0]));
  write_attribute<std::int32_t>(file, "scenarios_done", static_cast<std::int32_t>(counts[1]));
  write_attribute<std::int32_t>(file, "scenarios_failed", static_cast<std::int32_t>(counts[2]));
  write_attribute<std::int32_t>(file, "scenarios_skipped_complete", static_cast<std::int32_t>(counts[3]));

  const std::size_t n = index.rows.size();
  std::vector<std::string> names, status, errors, results;
  std::vector<double> wall, sim_wall, area;
  std::vector<std::vector<double>> people(std::size(index_hours));
  std::vector<std::int32_t> ranks;
  for (const IndexRow& r : index.rows) {
    names.push_back(r.name);
    status.push_back(status_text(r.status));
    errors.push_back(r.error);
    results.push_back(r.result);
    wall.push_back(r.wall_time_s);
    sim_wall.push_back(r.figures.simulation_wall_time_s);
    area.push_back(r.figures.flooded_area_km2);
    for (std::size_t h = 0; h < std::size(index_hours); ++h) people[h].push_back(r.figures.people_within[h]);
    ranks.push_back(r.rank);
  }
  const std::vector<hsize_t> dim{n};
  const std::optional<double> nan = no_value;
  Handle scenario = write_numbers<std::int32_t>(file, "scenario", dim, positions(n), std::nullopt,
                                                "position of the scenario in the library", "1");
  check(H5DSset_scale(scenario, "scenario"), "making /scenario a dimension scale");
  std::vector<Handle> variables;
  variables.push_back(write_strings(file, "name", names, "scenario name (its result file is <name>.h5)"));
  variables.push_back(write_strings(file, "status", status, "pending, done, failed or skipped-complete"));
  variables.push_back(write_strings(file, "error", errors, "the one-line error of a failed scenario"));
  variables.push_back(write_strings(file, "result", results, "result file relative to this index's folder"));
  variables.push_back(
      write_numbers<double>(file, "wall_time_s", dim, wall, nan, "wall time spent on the scenario by this batch run", "s"));
  variables.push_back(write_numbers<std::int32_t>(file, "rank", dim, ranks, std::nullopt,
                                                  "MPI rank that ran the scenario (-1: not run by this batch run)", "1"));
  variables.push_back(write_numbers<double>(file, "simulation_wall_time_s", dim, sim_wall, nan,
                                            "wall time of the run that wrote the result file", "s"));
  variables.push_back(
      write_numbers<double>(file, "flooded_area_km2", dim, area, nan, "area reached by the first threshold depth", "km2"));
  for (std::size_t h = 0; h < std::size(index_hours); ++h)
    variables.push_back(write_numbers<double>(
        file, "people_within_" + std::to_string(index_hours[h]) + "h", dim, people[h], nan,
        "people reached by the first threshold depth within " + std::to_string(index_hours[h]) + " h", "1"));
  for (const Handle& ds : variables) h5w::attach(ds, {scenario});

  const std::vector<std::string> zones = zone_union(index);
  if (!zones.empty()) {
    Handle zone = write_numbers<std::int32_t>(file, "zone", {zones.size()}, positions(zones.size()), std::nullopt,
                                              "position of the zone", "1");
    check(H5DSset_scale(zone, "zone"), "making /zone a dimension scale");
    Handle zone_name = write_strings(file, "zone_name", zones, "zone name, as in the result files' /exposure/zones/name");
    h5w::attach(zone_name, {zone});
    std::vector<std::int32_t> arrival;
    for (const IndexRow& r : index.rows)
      for (const std::string& z : zones) arrival.push_back(arrival_in(r, z).value_or(int_fill));
    Handle first = write_numbers<std::int32_t>(file, "first_arrival", {n, zones.size()}, arrival, int_fill,
                                               "first minute at which a cell of the zone reached the first threshold",
                                               "minutes");
    write_attribute(first, "description", "time since the simulation start");
    h5w::attach(first, {scenario, zone});
  }
  variables.clear();
  scenario.close("closing /scenario");
  file.close("closing the file");
}

// ---------------------------------------------------------------------------------------------
// index.csv

void write_csv(const fs::path& path, const Index& index) {
  std::ofstream f(path);
  if (!f) throw std::system_error(errno, std::generic_category(), "opening");
  const std::vector<std::string> zones = zone_union(index);
  f << "name,status,error,wall_time_s,rank,simulation_wall_time_s,flooded_area_km2";
  for (int h : index_hours) f << ",people_within_" << h << "h";
  f << ",result";
  for (const std::string& z : zones) f << "," << csv_text("first_arrival_min[" + z + "]");
  f << "\n";
  for (const IndexRow& r : index.rows) {
    f << csv_text(r.name) << "," << status_text(r.status) << "," << csv_text(r.error) << "," << csv_number(r.wall_time_s)
      << "," << r.rank << "," << csv_number(r.figures.simulation_wall_time_s) << "," << csv_number(r.figures.flooded_area_km2);
    for (double p : r.figures.people_within) f << "," << csv_number(p);
    f << "," << csv_text(r.result);
    for (const std::string& z : zones) {
      const auto m = arrival_in(r, z);
      f << ",";
      if (m) f << *m;
    }
    f << "\n";
  }
  f.close();
  if (!f) throw std::system_error(errno, std::generic_category(), "writing");
}

// Writes beside the target and renames: a reader (or a killed job) only ever sees a whole index.
template <class Writer>
void write_atomically(const fs::path& path, Writer&& writer) {
  std::string hidden = ".";  // built in steps: GCC 12 warns (-Wrestrict) on "." + string
  hidden += path.filename().string();
  hidden += ".partial-";
  hidden += std::to_string(::getpid());
  const fs::path partial = path.parent_path() / hidden;
  try {
    writer(partial);
    fs::rename(partial, path);
  } catch (const Hdf5Failure& e) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw IoError("cannot write '" + path.string() + "': " + e.what());
  } catch (const std::system_error& e) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw IoError("cannot write '" + path.string() + "': " + e.code().message());
  }
}

}  // namespace

bool complete_result(const fs::path& file, const std::string& scenario_text) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return false;
  const QuietHdf5Errors quiet;
  try {
    Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening");
    if (!has_attribute(f, "complete") || !has_attribute(f, "scenario")) return false;
    if (read_double_attribute(f, "complete") != 1.0) return false;
    return read_string_attribute(f, "scenario") == scenario_text;
  } catch (const Hdf5Failure&) {
    return false;
  }
}

ResultFigures read_figures(const fs::path& file) {
  const QuietHdf5Errors quiet;
  try {
    ResultFigures r;
    Handle f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening the file");
    if (has_attribute(f, "summary_flooded_area_km2")) r.flooded_area_km2 = read_double_attribute(f, "summary_flooded_area_km2");
    if (has_attribute(f, "summary_wall_time_s")) r.simulation_wall_time_s = read_double_attribute(f, "summary_wall_time_s");
    for (std::size_t h = 0; h < std::size(index_hours); ++h) {
      const std::string key = "summary_people_reached_" + std::to_string(index_hours[h]) + "h";
      if (has_attribute(f, key)) r.people_within[h] = read_double_attribute(f, key);
    }
    if (has_link(f, "/exposure/zones/name") && has_link(f, "/exposure/zones/first_arrival")) {
      const std::vector<std::string> names = read_strings(f, "/exposure/zones/name");
      const std::vector<std::int32_t> first = read_ints(f, "/exposure/zones/first_arrival");
      if (names.size() != first.size()) throw Hdf5Failure("/exposure/zones: name and first_arrival differ in length");
      for (std::size_t k = 0; k < names.size(); ++k)
        r.zones.push_back({names[k], first[k] == int_fill ? std::nullopt : std::optional<std::int32_t>(first[k])});
    }
    return r;
  } catch (const Hdf5Failure& e) {
    throw IoError("cannot read the key figures of '" + file.string() + "': " + e.what());
  }
}

void write_index(const fs::path& dir, const Index& index) {
  const QuietHdf5Errors quiet;
  write_atomically(dir / "index.csv", [&](const fs::path& p) { write_csv(p, index); });
  write_atomically(dir / "index.h5", [&](const fs::path& p) { write_h5(p, index); });
}

}  // namespace polder::batch
