#pragma once
// HDF5 writing helpers shared by the writers of polder's HDF5 files (result files, the batch
// index): owned handles, netCDF-compatible attributes, tiled datasets, dimension scales and
// strings. Include only where HDF5 is linked (polder_results, polder_app).
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <ctime>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace polder::h5w {

inline constexpr std::int32_t int_fill = -2147483647;  // netCDF's default int fill, so CF tools know it
inline constexpr float float_fill = -9999.0f;
inline constexpr hsize_t tile = 512;  // chunk edge: a float32 tile is 1 MiB, HDF5's default chunk cache

// Thrown by the helpers; the writers turn it into an IoError naming the final path.
struct Hdf5Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline herr_t keep_innermost(unsigned n, const H5E_error2_t* err, void* out) {
  if (n == 0 && err->desc != nullptr) *static_cast<std::string*>(out) = err->desc;
  return 0;
}

// The most specific message on HDF5's error stack carries the useful part (e.g. the errno text).
inline std::string hdf5_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

[[noreturn]] inline void fail(const std::string& what) { throw Hdf5Failure(what + hdf5_detail()); }

inline void check(herr_t status, const std::string& what) {
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

inline std::string object_name(hid_t obj) {
  char name[512] = {};
  return H5Iget_name(obj, name, sizeof name) > 0 ? name : "?";
}

inline std::string child_path(hid_t loc, const std::string& name) {
  const std::string parent = object_name(loc);
  return (parent == "/" ? "" : parent) + "/" + name;
}

// ---------------------------------------------------------------------------------------------
// Attributes

// Fixed-length, unterminated C string: netCDF reads it as a text (NC_CHAR) attribute, whereas a
// variable-length string would become an NC_STRING that GDAL and older tools treat differently.
inline void write_attribute(hid_t obj, const std::string& name, const std::string& value) {
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

inline void write_attribute(hid_t obj, const std::string& name, const char* value) {
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

inline void describe(hid_t obj, const std::string& long_name, const std::string& units) {
  write_attribute(obj, "long_name", long_name);
  write_attribute(obj, "units", units);
}

// ---------------------------------------------------------------------------------------------
// Files and datasets

// A new file (truncating) as netCDF-4 wants it: creation order tracked, and the 1.8 format, which
// also stores attributes over 64 KiB (a long scenario text).
inline Handle create_netcdf4_file(const std::string& path) {
  const std::string what = "creating the file";
  Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, what);
  check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  check(H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, what);
  check(H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18), what);
  return Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl), H5Fclose, what);
}

inline Handle create_group(hid_t loc, const std::string& name) {
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
inline Handle write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& values) {
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

inline void attach(hid_t ds, std::initializer_list<hid_t> scales) {
  unsigned dim = 0;
  for (hid_t scale : scales) {
    check(H5DSattach_scale(ds, scale, dim), "attaching " + object_name(scale) + " to " + object_name(ds));
    ++dim;
  }
}

// ---------------------------------------------------------------------------------------------
// Content

// Shortest text that reads back as the same double, without exponent (GDAL writes it so too).
inline std::string number_text(double v) {
  char buf[400];  // room for any double in fixed notation
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

inline std::string now_utc() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "seconds since <start>" lets CF tools show dates; without a reference time plain units remain.
inline void write_time_units(hid_t obj, const std::optional<std::string>& reference_time, bool minutes) {
  if (reference_time) {
    write_attribute(obj, "units", std::string(minutes ? "minutes" : "seconds") + " since " + *reference_time);
  } else {
    write_attribute(obj, "units", minutes ? "minutes" : "s");
  }
  write_attribute(obj, "description", "time since the simulation start");
}

}  // namespace polder::h5w
