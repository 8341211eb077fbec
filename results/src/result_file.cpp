#include "polder/results/result_file.hpp"

#include "exposure_groups.hpp"
#include "polder/results/hdf5_writing.hpp"
#include "series_copy.hpp"
#include "polder/results/class_maps.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <span>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace polder {
namespace {

using namespace h5w;  // NOLINT: the writer is built from these helpers

std::string normalized(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = c == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<double> number_after(const std::string& text, std::size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  const char* begin = text.c_str() + pos;
  char* end = nullptr;
  const double v = std::strtod(begin, &end);
  return end == begin ? std::nullopt : std::optional<double>(v);
}

// PARAMETER["name",value in WKT1 or WKT2, the name normalized; one of several spellings.
std::optional<double> wkt_parameter(const std::string& wkt, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    const std::string key = std::string("parameter[\"") + name + "\",";
    const std::size_t pos = wkt.find(key);
    if (pos != std::string::npos) return number_after(wkt, pos + key.size());
  }
  return std::nullopt;
}

// CF readers that ignore crs_wkt need grid_mapping_name and its parameters. They are derived for
// the projection methods listed here; any other CRS is still fully described by crs_wkt.
void write_cf_grid_mapping(hid_t crs, const std::string& crs_wkt) {
  struct Method {
    const char* wkt_name;
    const char* cf_name;
    const char* longitude_attribute;
    const char* scale_attribute;
  };
  static constexpr Method methods[] = {
      {"oblique stereographic", "oblique_stereographic", "longitude_of_projection_origin",
       "scale_factor_at_projection_origin"},
      {"transverse mercator", "transverse_mercator", "longitude_of_central_meridian",
       "scale_factor_at_central_meridian"},
  };
  const std::string wkt = normalized(crs_wkt);
  const auto method = std::find_if(std::begin(methods), std::end(methods), [&](const Method& m) {
    return wkt.find(std::string("\"") + m.wkt_name + "\"") != std::string::npos;
  });
  if (method == std::end(methods)) return;
  const auto lat0 = wkt_parameter(wkt, {"latitude of natural origin", "latitude of origin"});
  const auto lon0 = wkt_parameter(wkt, {"longitude of natural origin", "central meridian"});
  const auto k0 = wkt_parameter(wkt, {"scale factor at natural origin", "scale factor"});
  const auto fe = wkt_parameter(wkt, {"false easting"});
  const auto fn = wkt_parameter(wkt, {"false northing"});
  std::size_t ellipsoid = wkt.find("ellipsoid[\"");
  if (ellipsoid == std::string::npos) ellipsoid = wkt.find("spheroid[\"");
  std::optional<double> a, inverse_f;
  if (ellipsoid != std::string::npos) {
    const std::size_t name_end = wkt.find("\",", wkt.find('"', ellipsoid) + 1);
    if (name_end != std::string::npos) {
      a = number_after(wkt, name_end + 2);
      inverse_f = number_after(wkt, wkt.find(',', name_end + 2) + 1);
    }
  }
  if (!lat0 || !lon0 || !k0 || !fe || !fn || !a || !inverse_f) return;
  write_attribute(crs, "grid_mapping_name", method->cf_name);
  write_attribute(crs, "latitude_of_projection_origin", *lat0);
  write_attribute(crs, method->longitude_attribute, *lon0);
  write_attribute(crs, method->scale_attribute, *k0);
  write_attribute(crs, "false_easting", *fe);
  write_attribute(crs, "false_northing", *fn);
  write_attribute(crs, "semi_major_axis", *a);
  write_attribute(crs, "inverse_flattening", *inverse_f);
}

void write_crs(hid_t file, const GridGeometry& g) {
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, "creating /crs");
  Handle crs(H5Dcreate2(file, "crs", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
             "creating /crs");
  const std::int32_t zero = 0;
  check(H5Dwrite(crs, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero), "writing /crs");
  write_attribute(crs, "long_name", "coordinate reference system");
  if (!g.crs_wkt.empty()) {
    write_cf_grid_mapping(crs, g.crs_wkt);
    write_attribute(crs, "crs_wkt", g.crs_wkt);    // CF 1.7+
    write_attribute(crs, "spatial_ref", g.crs_wkt);  // GDAL reads this one first
  }
  // GDAL's top-left convention, also for y stored ascending: GDAL flips such rows when reading.
  write_attribute(crs, "GeoTransform", number_text(g.x_min) + " " + number_text(g.dx) + " 0 " +
                                           number_text(g.y_max()) + " 0 " + number_text(-g.dy));
}

struct Coordinates {
  Handle x, y;
};

Coordinates write_xy(hid_t group, const GridGeometry& g) {
  std::vector<double> x(std::size_t(g.nx)), y(std::size_t(g.ny));
  for (int i = 0; i < g.nx; ++i) x[std::size_t(i)] = g.x_center(i);
  for (int j = 0; j < g.ny; ++j) y[std::size_t(j)] = g.y_center(j);
  Coordinates c{make_dimension_scale<double>(group, "x", x), make_dimension_scale<double>(group, "y", y)};
  const struct {
    hid_t ds;
    std::string name, axis;
  } axes[] = {{c.x, "x", "X"}, {c.y, "y", "Y"}};
  for (const auto& a : axes) {
    write_attribute(a.ds, "standard_name", "projection_" + a.name + "_coordinate");
    describe(a.ds, a.name + " coordinate of the cell centre", "m");
    write_attribute(a.ds, "axis", a.axis);
  }
  return c;
}

struct MapInfo {
  std::string name, long_name, units;
};

class ContentWriter {
 public:
  explicit ContentWriter(const ResultContent& c) : c_(c), g_(c.geometry), sim_(*c.simulation) {}

  void write(hid_t file) const {
    write_root_attributes(file);
    write_crs(file, g_);
    const Handle threshold = make_dimension_scale<double>(file, "threshold", c_.thresholds);
    describe(threshold, "water depth at which a cell counts as reached", "m");
    write_maps(file, threshold);
    if (!sim_.snapshots.empty()) write_snapshots(file);
    if (c_.exposure) write_exposure_groups(file, threshold, c_);
    if (!sim_.breaches.empty()) write_breaches(file);
    if (!sim_.inflows.empty()) write_inflows(file);
    if (c_.copy_series_from) copy_series_groups(file, *c_.copy_series_from);
    // Last: a file that has `complete` was written to the end (the rename makes this certain).
    write_attribute(file, "complete", std::int32_t{1});
  }

 private:
  [[nodiscard]] bool active(std::size_t k) const { return c_.active.empty() || c_.active[k] != 0; }
  [[nodiscard]] std::vector<hsize_t> map_dims() const { return {hsize_t(g_.ny), hsize_t(g_.nx)}; }

  void write_root_attributes(hid_t file) const {
    write_attribute(file, "Conventions", "CF-1.8");
    write_attribute(file, "title", c_.title.empty() ? "polder flood simulation: " + c_.scenario_name : c_.title);
    write_attribute(file, "polder_version", POLDER_VERSION);
    write_attribute(file, "schema_version", result_schema_version);
    write_attribute(file, "scenario_name", c_.scenario_name);
    write_attribute(file, "scenario", c_.scenario_text);
    write_attribute(file, "resolved_configuration", c_.resolved_configuration);
    if (c_.reference_time) write_attribute(file, "reference_time", *c_.reference_time);
    write_attribute(file, "history", now_utc() + " written by polder " + POLDER_VERSION);
    write_attribute(file, "source", "polder " POLDER_VERSION ", backend " + sim_.backend);
    write_attribute(file, "simulation_end_time_s", sim_.end_time_s);
    write_attribute(file, "simulation_steps", static_cast<double>(sim_.steps));
    write_attribute(file, "volume_initial_m3", sim_.volume.initial);
    write_attribute(file, "volume_injected_m3", sim_.volume.injected);
    write_attribute(file, "volume_outflow_m3", sim_.volume.outflow);
    write_attribute(file, "volume_stored_m3", sim_.volume.stored);
    write_attribute(file, "volume_relative_error", sim_.volume.relative_error());
    for (const auto& [key, value] : c_.summary) write_attribute(file, "summary_" + key, value);
  }

  // Inactive cells, and cells where keep() is false, get the fill value.
  template <class Keep>
  [[nodiscard]] std::vector<float> masked(const std::vector<double>& values, Keep keep) const {
    std::vector<float> out(values.size(), float_fill);
    for (std::size_t k = 0; k < values.size(); ++k)
      if (active(k) && keep(k)) out[k] = static_cast<float>(values[k]);
    return out;
  }

  void finish_map(hid_t ds, const MapInfo& info, const Coordinates& xy) const {
    write_attribute(ds, "long_name", info.long_name);
    if (!info.units.empty()) write_attribute(ds, "units", info.units);
    write_attribute(ds, "grid_mapping", "crs");
    attach(ds, {xy.y, xy.x});
  }

  void write_float_map(hid_t group, const MapInfo& info, const std::vector<float>& values,
                       const Coordinates& xy) const {
    const Handle ds = write_dataset<float>(group, info.name, map_dims(), values, float_fill, true);
    finish_map(ds, info, xy);
  }

  void write_maps(hid_t file, hid_t threshold) const {
    const Handle group = create_group(file, "maps");
    const Coordinates xy = write_xy(group, g_);
    const std::size_t n = g_.cell_count();
    const TrackedMaps& m = sim_.maps;

    {
      const Handle ds = create_dataset<std::int32_t>(
          group, "arrival_time", {hsize_t(c_.thresholds.size()), hsize_t(g_.ny), hsize_t(g_.nx)}, int_fill, true);
      std::vector<std::int32_t> slice(n);
      for (std::size_t t = 0; t < c_.thresholds.size(); ++t) {
        for (std::size_t k = 0; k < n; ++k) {
          const std::int32_t minute = m.arrival_minute[t * n + k];
          slice[k] = active(k) && minute >= 0 ? minute : int_fill;
        }
        write_values<std::int32_t>(ds, slice, t);
      }
      write_attribute(ds, "long_name", "time at which the water depth first reached the threshold");
      write_time_units(ds, c_.reference_time, true);
      write_attribute(ds, "grid_mapping", "crs");
      attach(ds, {threshold, xy.y, xy.x});
    }
    const auto any = [](std::size_t) { return true; };
    const auto wet = [&](std::size_t k) { return m.max_depth[k] > 0.0; };
    write_float_map(group, {"max_depth", "maximum water depth", "m"}, masked(m.max_depth, any), xy);
    write_float_map(group, {"max_velocity", "maximum flow speed", "m s-1"}, masked(m.max_speed, any), xy);
    {
      const Handle ds = write_dataset<float>(group, "time_of_max_depth", map_dims(),
                                             masked(m.time_of_max_depth_min, wet), float_fill, true);
      finish_map(ds, {"time_of_max_depth", "time at which the maximum water depth was reached", ""}, xy);
      write_time_units(ds, c_.reference_time, true);
    }
    write_float_map(group, {"max_rise_rate", "maximum rate of water level rise", "m h-1"},
                    masked(m.max_rise_rate, any), xy);
    {
      std::vector<std::uint8_t> domain(n);
      for (std::size_t k = 0; k < n; ++k) domain[k] = active(k) ? 1 : 0;
      const Handle ds = write_dataset<std::uint8_t>(group, "domain", map_dims(), domain, std::nullopt, true);
      write_attribute(ds, "long_name", "model domain");
      const std::uint8_t flags[] = {0, 1};
      write_attribute<std::uint8_t>(ds, "flag_values", flags);
      write_attribute(ds, "flag_meanings", "outside_domain model_cell");
      write_attribute(ds, "grid_mapping", "crs");
      attach(ds, {xy.y, xy.x});
    }
    write_class_maps(group, threshold, xy);
  }

  // LIWO legend classes of arrival time (per threshold), maximum depth and rise rate.
  void write_class_maps(hid_t group, hid_t threshold, const Coordinates& xy) const {
    const std::size_t n = g_.cell_count();
    const TrackedMaps& m = sim_.maps;
    const auto finish = [&](hid_t ds, const ClassScheme& s) {
      write_attribute(ds, "long_name", s.long_name);
      std::vector<std::uint8_t> values(s.upper.size() + 2);
      for (std::size_t k = 0; k < values.size(); ++k) values[k] = static_cast<std::uint8_t>(k);
      write_attribute<std::uint8_t>(ds, "flag_values", values);
      write_attribute(ds, "flag_meanings", s.flag_meanings);
      write_attribute(ds, "grid_mapping", "crs");
    };
    {
      const std::optional<std::uint8_t> fill = class_fill;
      const Handle ds = create_dataset<std::uint8_t>(
          group, arrival_classes().name, {hsize_t(c_.thresholds.size()), hsize_t(g_.ny), hsize_t(g_.nx)}, fill, true);
      for (std::size_t t = 0; t < c_.thresholds.size(); ++t) {
        const std::vector<std::int32_t> slice(m.arrival_minute.begin() + std::ptrdiff_t(t * n),
                                              m.arrival_minute.begin() + std::ptrdiff_t((t + 1) * n));
        write_values<std::uint8_t>(ds, classify_arrival(slice, c_.active), t);
      }
      finish(ds, arrival_classes());
      attach(ds, {threshold, xy.y, xy.x});
    }
    const std::vector<std::int32_t> first(m.arrival_minute.begin(), m.arrival_minute.begin() + std::ptrdiff_t(n));
    const std::pair<const ClassScheme*, const std::vector<double>*> maps[] = {{&depth_classes(), &m.max_depth},
                                                                             {&rise_rate_classes(), &m.max_rise_rate}};
    for (const auto& [scheme, values] : maps) {
      const Handle ds = write_dataset<std::uint8_t>(group, scheme->name, map_dims(),
                                                    classify_flooded(*scheme, *values, first, c_.active),
                                                    std::optional<std::uint8_t>(class_fill), true);
      finish(ds, *scheme);
      attach(ds, {xy.y, xy.x});
    }
  }

  void write_snapshots(hid_t file) const {
    const Handle group = create_group(file, "snapshots");
    const Coordinates xy = write_xy(group, g_);
    std::vector<double> times;
    for (const Snapshot& s : sim_.snapshots) times.push_back(s.time_s);
    const Handle time = make_dimension_scale<double>(group, "time", times);
    write_attribute(time, "long_name", "time of the snapshot");
    write_time_units(time, c_.reference_time, false);
    write_attribute(time, "axis", "T");

    const std::vector<hsize_t> dims = {hsize_t(times.size()), hsize_t(g_.ny), hsize_t(g_.nx)};
    const MapInfo fields[] = {{"depth", "water depth", "m"},
                              {"velocity_x", "depth-averaged velocity towards the east", "m s-1"},
                              {"velocity_y", "depth-averaged velocity towards the north", "m s-1"}};
    const std::vector<float> Snapshot::*members[] = {&Snapshot::depth, &Snapshot::velocity_x, &Snapshot::velocity_y};
    std::vector<float> slice(g_.cell_count());
    for (std::size_t f = 0; f < std::size(fields); ++f) {
      const Handle ds = create_dataset<float>(group, fields[f].name, dims, float_fill, true);
      for (std::size_t s = 0; s < times.size(); ++s) {
        const std::vector<float>& values = sim_.snapshots[s].*members[f];
        for (std::size_t k = 0; k < slice.size(); ++k) slice[k] = active(k) ? values[k] : float_fill;
        write_values<float>(ds, slice, s);
      }
      describe(ds, fields[f].long_name, fields[f].units);
      write_attribute(ds, "grid_mapping", "crs");
      attach(ds, {time, xy.y, xy.x});
    }
  }

  // A group per series with its own time axis: breaches and inflows are sampled independently.
  static void write_series(hid_t group, hid_t time, const MapInfo& info, const std::vector<double>& values) {
    const Handle ds = write_dataset<double>(group, info.name, {values.size()}, values);
    describe(ds, info.long_name, info.units);
    attach(ds, {time});
  }

  [[nodiscard]] Handle write_time(hid_t group, const std::vector<double>& time_s) const {
    Handle time = make_dimension_scale<double>(group, "time", time_s);
    write_attribute(time, "long_name", "time");
    write_time_units(time, c_.reference_time, false);
    write_attribute(time, "axis", "T");
    return time;
  }

  void write_breaches(hid_t file) const {
    const Handle parent = create_group(file, "breach");
    for (std::size_t b = 0; b < sim_.breaches.size(); ++b) {
      const Breach& breach = sim_.breaches[b];
      const BreachSeries& s = breach.series();
      const BreachLocation* where = b < c_.breach_locations.size() ? &c_.breach_locations[b] : nullptr;
      std::string name = breach.params().name.empty() && where ? where->name : breach.params().name;
      if (name.empty()) name = "breach_" + std::to_string(b + 1);
      std::replace(name.begin(), name.end(), '/', '_');  // a slash would make a nested group
      const Handle group = create_group(parent, name);
      if (where) {
        write_attribute(group, "x", where->x);
        write_attribute(group, "y", where->y);
        write_attribute(group, "cell_x", where->cell_x);
        write_attribute(group, "cell_y", where->cell_y);
        write_attribute(group, "column", std::int32_t{where->column});
        write_attribute(group, "row", std::int32_t{where->row});
        write_attribute(group, "snap_distance_m", where->snap_distance_m);
      }
      const Handle time = write_time(group, s.time_s);
      write_series(group, time, {"discharge", "discharge through the breach into the domain", "m3 s-1"}, s.discharge);
      write_series(group, time, {"width", "breach width", "m"}, s.width);
      write_series(group, time, {"crest_level", "breach crest level", "m"}, s.crest_level);
      write_series(group, time, {"head_difference", "head difference over the breach", "m"}, s.head_difference);
      write_series(group, time, {"outside_level", "water level outside the dike", "m"}, s.outside_level);
      write_series(group, time, {"inside_level", "water level in the receiving cell", "m"}, s.inside_level);
      write_series(group, time, {"volume", "volume through the breach, cumulative", "m3"}, s.volume);
    }
  }

  void write_inflows(hid_t file) const {
    const Handle parent = create_group(file, "inflow");
    for (std::size_t k = 0; k < sim_.inflows.size(); ++k) {
      const InflowRecord& r = sim_.inflows[k];
      std::string name = r.name.empty() ? "inflow_" + std::to_string(k + 1) : r.name;
      std::replace(name.begin(), name.end(), '/', '_');
      const Handle group = create_group(parent, name);
      const Handle time = write_time(group, r.time_s);
      write_series(group, time, {"discharge", "inflow discharge into the domain", "m3 s-1"}, r.discharge);
      write_series(group, time, {"volume", "inflow volume, cumulative", "m3"}, r.volume);
    }
  }

  const ResultContent& c_;
  const GridGeometry& g_;
  const SimulationResult& sim_;
};

// Catches inconsistent content before anything touches the disk.
std::optional<std::string> content_problem(const ResultContent& c) {
  const GridGeometry& g = c.geometry;
  if (c.simulation == nullptr) return "no simulation result";
  if (g.nx <= 0 || g.ny <= 0 || !(g.dx > 0.0) || !(g.dy > 0.0)) return "invalid grid geometry";
  const std::size_t n = g.cell_count();
  if (!c.active.empty() && c.active.size() != n) return "active mask does not match the grid";
  if (c.thresholds.empty()) return "no arrival thresholds";
  const TrackedMaps& m = c.simulation->maps;
  if (m.arrival_minute.size() != c.thresholds.size() * n) return "arrival map does not match grid and thresholds";
  for (const auto* map : {&m.max_depth, &m.time_of_max_depth_min, &m.max_speed, &m.max_rise_rate})
    if (map->size() != n) return "a tracked map does not match the grid";
  for (const Snapshot& s : c.simulation->snapshots)
    if (s.depth.size() != n || s.velocity_x.size() != n || s.velocity_y.size() != n)
      return "a snapshot does not match the grid";
  if (!c.breach_locations.empty() && c.breach_locations.size() != c.simulation->breaches.size())
    return "breach locations do not match the breaches";
  if (c.exposure && c.exposure->has_people) {
    const ExposureCurves& e = *c.exposure;
    if (e.people_reached.size() != c.thresholds.size() || e.people_new.size() != c.thresholds.size())
      return "exposure curves do not match the thresholds";
    for (std::size_t t = 0; t < c.thresholds.size(); ++t)
      if (e.people_reached[t].size() != e.minute.size() || e.people_new[t].size() != e.minute.size())
        return "exposure curves do not match their minutes";
  }
  if (c.exposure) {
    for (const SpeciesCurves& s : c.exposure->species) {
      if (s.reached.size() != c.thresholds.size() || s.added.size() != c.thresholds.size())
        return "species curves do not match the thresholds";
      for (std::size_t t = 0; t < c.thresholds.size(); ++t)
        if (s.reached[t].size() != c.exposure->minute.size() || s.added[t].size() != c.exposure->minute.size())
          return "species curves do not match their minutes";
    }
  }
  if (c.farms) {
    if (!c.exposure) return "farm table without exposure curves";
    for (const FarmRow& f : *c.farms)
      if (f.arrival.size() != c.thresholds.size()) return "farm arrival times do not match the thresholds";
  }
  if (c.zone_exposure) {
    const ZoneExposure& z = *c.zone_exposure;
    if (!c.exposure) return "zone exposure without exposure curves";
    if (z.animals_reached.size() != z.species.size()) return "zone animal curves do not match the species";
    if (!z.species.empty() && (!c.exposure || c.exposure->species.size() != z.species.size()))
      return "zone species do not match the exposure species";
    for (const ZoneRow& r : z.zones)
      if (r.animals.size() != z.species.size() || r.animals_within.size() != z.species.size())
        return "zone animal counts do not match the species";
    for (const auto& per_species : z.animals_reached) {
      if (per_species.size() != c.thresholds.size()) return "zone animal curves do not match the thresholds";
      for (const auto& per_zone : per_species)
        if (per_zone.size() != z.zones.size()) return "zone animal curves do not match the zones";
    }
    if (z.has_people && z.people_reached.size() != c.thresholds.size()) return "zone curves do not match the thresholds";
    for (const auto& per_zone : z.people_reached) {
      if (per_zone.size() != z.zones.size()) return "zone curves do not match the zones";
      for (const auto& curve : per_zone)
        if (curve.size() != c.exposure->minute.size()) return "zone curves do not match their minutes";
    }
  }
  return std::nullopt;
}

void write_file(const std::filesystem::path& path, const ResultContent& content) {
  Handle file = create_netcdf4_file(path.string());
  ContentWriter(content).write(file);
  file.close("closing the file");
}

}  // namespace

void write_result_file(const std::filesystem::path& path, const ResultContent& content) {
  const std::string prefix = "cannot write result file '" + path.string() + "': ";
  if (const auto problem = content_problem(content)) throw IoError(prefix + *problem);

  // Beside the target, so that the final rename stays within one file system and is atomic.
  const std::filesystem::path partial =
      path.parent_path() / ("." + path.filename().string() + ".partial-" + std::to_string(::getpid()));
  const QuietHdf5Errors quiet;
  try {
    write_file(partial, content);
    std::filesystem::rename(partial, path);
  } catch (const Hdf5Failure& e) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw IoError(prefix + e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw IoError(prefix + "renaming the finished file: " + e.code().message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

}  // namespace polder
