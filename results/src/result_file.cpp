#include "polder/results/result_file.hpp"

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

constexpr std::int32_t int_fill = -2147483647;  // netCDF's default int fill, so CF tools know it
constexpr float float_fill = -9999.0f;
constexpr hsize_t tile = 512;  // chunk edge: a float32 tile is 1 MiB, HDF5's default chunk cache

// Thrown inside the writer; write_result_file turns it into an IoError naming the final path.
struct WriteFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

herr_t keep_innermost(unsigned n, const H5E_error2_t* err, void* out) {
  if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
  return 0;
}

// The most specific message on HDF5's error stack carries the useful part (e.g. the errno text).
std::string hdf5_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

[[noreturn]] void fail(const std::string& what) { throw WriteFailure(what + hdf5_detail()); }

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

// Owns one hid_t; closing order follows scope, so the file is always closed last.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
    if (id_ < 0) fail(what);
  }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) closer_(id_);
  }
  operator hid_t() const { return id_; }  // NOLINT: handles are passed straight to H5* calls
  // An explicit close, for the file: its flush can fail and that must not go unnoticed.
  void close(const std::string& what) { check(closer_(std::exchange(id_, H5I_INVALID_HID)), what); }

 private:
  hid_t id_;
  Closer closer_;
};

// Saves HDF5's automatic error printing and restores it: failures become IoError, not stderr noise.
class QuietHdf5Errors {
 public:
  QuietHdf5Errors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  QuietHdf5Errors(const QuietHdf5Errors&) = delete;
  QuietHdf5Errors& operator=(const QuietHdf5Errors&) = delete;
  ~QuietHdf5Errors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

template <class T> struct H5Type;
template <> struct H5Type<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};
template <> struct H5Type<float> {
  static hid_t file() { return H5T_IEEE_F32LE; }
  static hid_t memory() { return H5T_NATIVE_FLOAT; }
};
template <> struct H5Type<std::int32_t> {
  static hid_t file() { return H5T_STD_I32LE; }
  static hid_t memory() { return H5T_NATIVE_INT32; }
};
template <> struct H5Type<std::uint8_t> {
  static hid_t file() { return H5T_STD_U8LE; }
  static hid_t memory() { return H5T_NATIVE_UINT8; }
};

std::string object_name(hid_t obj) {
  char name[512] = {};
  return H5Iget_name(obj, name, sizeof name) > 0 ? name : "?";
}

std::string child_path(hid_t loc, const std::string& name) {
  const std::string parent = object_name(loc);
  return (parent == "/" ? "" : parent) + "/" + name;
}

// ---------------------------------------------------------------------------------------------
// Attributes

// Fixed-length, unterminated C string: netCDF reads it as a text (NC_CHAR) attribute, whereas a
// variable-length string would become an NC_STRING that GDAL and older tools treat differently.
void write_attribute(hid_t obj, const std::string& name, const std::string& value) {
  const std::string what = "writing attribute " + name + " of " + object_name(obj);
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, what);
  check(H5Tset_size(type, std::max<std::size_t>(value.size(), 1)), what);  // HDF5 has no size 0
  check(H5Tset_strpad(type, H5T_STR_NULLPAD), what);
  check(H5Tset_cset(type, H5T_CSET_UTF8), what);  // scenario texts and names may hold any UTF-8
  Handle space(H5Screate(H5S_SCALAR), H5Sclose, what);
  Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, what);
  const std::string padded = value.empty() ? std::string(1, '\0') : value;
  check(H5Awrite(attr, type, padded.data()), what);
}

void write_attribute(hid_t obj, const std::string& name, const char* value) {
  write_attribute(obj, name, std::string(value));
}

template <class T>
void write_attribute(hid_t obj, const std::string& name, std::span<const T> values) {
  const std::string what = "writing attribute " + name + " of " + object_name(obj);
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, what);
  Handle attr(H5Acreate2(obj, name.c_str(), H5Type<T>::file(), space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose, what);
  check(H5Awrite(attr, H5Type<T>::memory(), values.data()), what);
}

template <class T>
  requires std::is_arithmetic_v<T>
void write_attribute(hid_t obj, const std::string& name, T value) {
  write_attribute(obj, name, std::span<const T>(&value, 1));
}

void describe(hid_t obj, const std::string& long_name, const std::string& units) {
  write_attribute(obj, "long_name", long_name);
  write_attribute(obj, "units", units);
}

// ---------------------------------------------------------------------------------------------
// Datasets

Handle create_group(hid_t loc, const std::string& name) {
  const std::string what = "creating group " + child_path(loc, name);
  // netCDF can only open a file for writing (e.g. ncatted) when creation order is tracked.
  Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, what);
  check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  check(H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  return Handle(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, what);
}

// Maps and snapshots are tiled and compressed (shuffle + deflate is netCDF-4 compatible); a chunk
// never spans more than one time slice or threshold, so reading one slice touches only its tiles.
template <class T>
Handle create_dataset(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
                      std::optional<T> fill = std::nullopt, bool tiled = false) {
  const std::string what = "creating " + child_path(loc, name);
  Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, what);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, what);
  if (tiled) {
    std::vector<hsize_t> chunk = dims;
    for (std::size_t d = 0; d < chunk.size(); ++d) chunk[d] = d + 2 < chunk.size() ? 1 : std::min(chunk[d], tile);
    check(H5Pset_chunk(dcpl, static_cast<int>(chunk.size()), chunk.data()), what);
    check(H5Pset_shuffle(dcpl), what);
    check(H5Pset_deflate(dcpl, 4), what);
  }
  if (fill) check(H5Pset_fill_value(dcpl, H5Type<T>::memory(), &*fill), what);
  Handle ds(H5Dcreate2(loc, name.c_str(), H5Type<T>::file(), space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose,
            what);
  // CF and netCDF read the fill value from this attribute; it must have the variable's type.
  if (fill) write_attribute(ds, "_FillValue", *fill);
  return ds;
}

// Writes `values` into slice `index` of the first dimension (or the whole dataset without index).
template <class T>
void write_values(hid_t ds, std::span<const T> values, std::optional<hsize_t> index = std::nullopt) {
  if (values.empty()) return;
  const std::string what = "writing " + object_name(ds);
  Handle file_space(H5Dget_space(ds), H5Sclose, what);
  if (index) {
    const int rank = H5Sget_simple_extent_ndims(file_space);
    if (rank < 1) fail(what);
    std::vector<hsize_t> start(static_cast<std::size_t>(rank), 0);
    std::vector<hsize_t> count(static_cast<std::size_t>(rank));
    check(H5Sget_simple_extent_dims(file_space, count.data(), nullptr), what);
    start[0] = *index;
    count[0] = 1;
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), what);
  }
  const hsize_t n = values.size();
  if (H5Sget_select_npoints(file_space) != static_cast<hssize_t>(n)) fail(what + ": wrong number of values");
  Handle memory_space(H5Screate_simple(1, &n, nullptr), H5Sclose, what);
  check(H5Dwrite(ds, H5Type<T>::memory(), memory_space, file_space, H5P_DEFAULT, values.data()), what);
}

template <class T>
Handle write_dataset(hid_t loc, const std::string& name, const std::vector<hsize_t>& dims,
                     std::span<const T> values, std::optional<T> fill = std::nullopt, bool tiled = false) {
  Handle ds = create_dataset<T>(loc, name, dims, fill, tiled);
  write_values<T>(ds, values);
  return ds;
}

// A 1-D coordinate variable: a dimension scale named like the dataset, which netCDF reads as a
// dimension with its coordinate variable. netCDF resolves a dimension in the variable's group or
// an ancestor, so a scale shared by several groups lives in their common parent.
template <class T>
Handle make_dimension_scale(hid_t loc, const std::string& name, std::span<const T> values) {
  Handle ds = write_dataset<T>(loc, name, {values.size()}, values);
  check(H5DSset_scale(ds, name.c_str()), "making " + child_path(loc, name) + " a dimension scale");
  return ds;
}

// Variable-length UTF-8 strings: netCDF-4 reads them as an NC_STRING variable, h5py as str.
Handle write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values) {
  const std::string what = "creating " + child_path(loc, name);
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, what);
  check(H5Tset_size(type, H5T_VARIABLE), what);
  check(H5Tset_cset(type, H5T_CSET_UTF8), what);
  const hsize_t n = values.size();
  Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, what);
  Handle ds(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose, what);
  std::vector<const char*> pointers;
  for (const std::string& v : values) pointers.push_back(v.c_str());
  if (n > 0) check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()), "writing " + child_path(loc, name));
  return ds;
}

void attach(hid_t ds, std::initializer_list<hid_t> scales) {
  unsigned dim = 0;
  for (hid_t scale : scales) {
    check(H5DSattach_scale(ds, scale, dim), "attaching " + object_name(scale) + " to " + object_name(ds));
    ++dim;
  }
}

// ---------------------------------------------------------------------------------------------
// Content

// Shortest text that reads back as the same double, without exponent (GDAL writes it so too).
std::string number_text(double v) {
  char buf[400];  // room for any double in fixed notation
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "seconds since <start>" lets CF tools show dates; without a reference time plain units remain.
void write_time_units(hid_t obj, const std::optional<std::string>& reference_time, bool minutes) {
  if (reference_time) {
    write_attribute(obj, "units", std::string(minutes ? "minutes" : "seconds") + " since " + *reference_time);
  } else {
    write_attribute(obj, "units", minutes ? "minutes" : "s");
  }
  write_attribute(obj, "description", "time since the simulation start");
}

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
    if (c_.exposure) write_exposure(file, threshold);
    if (!sim_.breaches.empty()) write_breaches(file);
    if (!sim_.inflows.empty()) write_inflows(file);
    // Last: a file that has `complete` was written to the end (the rename makes this certain).
    write_attribute(file, "complete", std::int32_t{1});
  }

 private:
  [[nodiscard]] bool active(std::size_t k) const { return c_.active.empty() || c_.active[k] != 0; }
  [[nodiscard]] std::vector<hsize_t> map_dims() const { return {hsize_t(g_.ny), hsize_t(g_.nx)}; }

  void write_root_attributes(hid_t file) const {
    write_attribute(file, "Conventions", "CF-1.8");
    write_attribute(file, "title", "polder flood simulation: " + c_.scenario_name);
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

  void write_exposure(hid_t file, hid_t threshold) const {
    const ExposureCurves& e = *c_.exposure;
    const Handle group = create_group(file, "exposure");
    write_attribute(group, "population_in_domain", e.population_in_domain);
    write_attribute(group, "population_outside_domain", e.population_outside_domain);
    const Handle minute = make_dimension_scale<std::int32_t>(group, "minute", e.minute);
    write_attribute(minute, "long_name", "whole minutes since the simulation start");
    write_attribute(minute, "units", "minutes");
    const std::vector<hsize_t> dims = {hsize_t(c_.thresholds.size()), hsize_t(e.minute.size())};
    const std::pair<const std::vector<std::vector<double>>*, MapInfo> curves[] = {
        {&e.people_reached, {"people_reached", "people reached by water at least the threshold depth, cumulative", "1"}},
        {&e.people_new, {"people_new", "people newly reached in this minute", "1"}}};
    for (const auto& [rows, info] : curves) {
      const Handle ds = create_dataset<double>(group, info.name, dims);
      for (std::size_t t = 0; t < rows->size(); ++t) write_values<double>(ds, (*rows)[t], t);
      describe(ds, info.long_name, info.units);
      attach(ds, {threshold, minute});
    }
    if (c_.zone_exposure) write_zone_exposure(group, threshold, minute);
  }

  // One row per zone over a `zone` dimension that only this group uses, so it lives here.
  void write_zone_exposure(hid_t exposure, hid_t threshold, hid_t minute) const {
    const ZoneExposure& z = *c_.zone_exposure;
    const Handle group = create_group(exposure, "zones");
    write_attribute(group, "people_outside_zones", z.people_outside_zones);
    const std::size_t n = z.zones.size();
    std::vector<std::int32_t> positions(n);
    for (std::size_t k = 0; k < n; ++k) positions[k] = static_cast<std::int32_t>(k);
    const Handle zone = make_dimension_scale<std::int32_t>(group, "zone", positions);
    describe(zone, "position of the zone in this table", "1");
    const auto column = [&](auto member) {
      using T = std::decay_t<decltype(z.zones[0].*member)>;
      std::vector<T> v;
      for (const ZoneRow& r : z.zones) v.push_back(r.*member);
      return v;
    };
    const auto minutes = [&](auto pick) {
      std::vector<std::int32_t> v;
      for (const ZoneRow& r : z.zones) v.push_back(pick(r).value_or(int_fill));
      return v;
    };
    {
      const Handle ds = write_strings(group, "name", column(&ZoneRow::name));
      write_attribute(ds, "long_name", "zone name");  // CF gives strings no units
      attach(ds, {zone});
    }
    const auto numbers = [&](const std::string& name, const std::vector<double>& v, const std::string& long_name,
                             const std::string& units) {
      const Handle ds = write_dataset<double>(group, name, {n}, v);
      describe(ds, long_name, units);
      attach(ds, {zone});
    };
    const auto times = [&](const std::string& name, const std::vector<std::int32_t>& v, const std::string& long_name) {
      const Handle ds = write_dataset<std::int32_t>(group, name, {n}, v, int_fill);
      write_attribute(ds, "long_name", long_name);
      write_time_units(ds, c_.reference_time, true);
      attach(ds, {zone});
    };
    {
      const Handle ds = write_dataset<std::int32_t>(group, "zone_id", {n}, column(&ZoneRow::zone_id));
      describe(ds, "zone id from the zone file", "1");
      attach(ds, {zone});
    }
    numbers("people", column(&ZoneRow::people), "people on model cells of the zone", "1");
    times("first_arrival", minutes([](const ZoneRow& r) { return r.first_arrival; }),
          "first time the water reached the first threshold depth in the zone");
    for (std::size_t p = 0; p < std::size(zone_percentages); ++p)
      times("minutes_to_" + std::to_string(zone_percentages[p]) + "_percent",
            minutes([p](const ZoneRow& r) { return r.minutes_to_percent[p]; }),
            "time at which " + std::to_string(zone_percentages[p]) + " % of the zone's people were reached");
    for (std::size_t h = 0; h < std::size(zone_hours); ++h) {
      std::vector<double> v;
      for (const ZoneRow& r : z.zones) v.push_back(r.people_within[h]);
      numbers("people_within_" + std::to_string(zone_hours[h]) + "h", v,
              "people reached at the first threshold within " + std::to_string(zone_hours[h]) + " h", "1");
    }
    numbers("max_depth_mean", column(&ZoneRow::max_depth_mean), "mean maximum water depth over flooded cells", "m");
    numbers("max_depth_max", column(&ZoneRow::max_depth_max), "largest maximum water depth in the zone", "m");
    numbers("flooded_area_km2", column(&ZoneRow::flooded_area_km2), "area reached at the first threshold", "km2");
    const Handle ds = create_dataset<double>(group, "people_reached",
                                             {hsize_t(c_.thresholds.size()), hsize_t(n), hsize_t(c_.exposure->minute.size())});
    for (std::size_t t = 0; t < z.people_reached.size(); ++t) {
      std::vector<double> slice;
      for (const auto& curve : z.people_reached[t]) slice.insert(slice.end(), curve.begin(), curve.end());
      write_values<double>(ds, slice, t);
    }
    describe(ds, "people in the zone reached by water at least the threshold depth, cumulative", "1");
    attach(ds, {threshold, zone, minute});
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
  if (c.exposure) {
    const ExposureCurves& e = *c.exposure;
    if (e.people_reached.size() != c.thresholds.size() || e.people_new.size() != c.thresholds.size())
      return "exposure curves do not match the thresholds";
    for (std::size_t t = 0; t < c.thresholds.size(); ++t)
      if (e.people_reached[t].size() != e.minute.size() || e.people_new[t].size() != e.minute.size())
        return "exposure curves do not match their minutes";
  }
  if (c.zone_exposure) {
    const ZoneExposure& z = *c.zone_exposure;
    if (!c.exposure) return "zone exposure without exposure curves";
    if (z.people_reached.size() != c.thresholds.size()) return "zone curves do not match the thresholds";
    for (const auto& per_zone : z.people_reached) {
      if (per_zone.size() != z.zones.size()) return "zone curves do not match the zones";
      for (const auto& curve : per_zone)
        if (curve.size() != c.exposure->minute.size()) return "zone curves do not match their minutes";
    }
  }
  return std::nullopt;
}

void write_file(const std::filesystem::path& path, const ResultContent& content) {
  const std::string what = "creating the file";
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, what);
  check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, what);
  // The 1.8 format stores attributes over 64 KiB (a long scenario text); netCDF-4 needs 1.8 anyway.
  check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18), what);
  Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose, what);
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
  } catch (const WriteFailure& e) {
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
