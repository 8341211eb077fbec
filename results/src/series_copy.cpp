#include "series_copy.hpp"

#include <set>

#include "polder/results/hdf5_writing.hpp"

namespace polder {

namespace {

using namespace h5w;  // NOLINT: built from the shared helpers

// Attributes HDF5's dimension-scale API and netCDF manage themselves.
const std::set<std::string> managed = {"DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME", "_Netcdf4Dimid",
                                       "_Netcdf4Coordinates"};

// The names of a group's members of one kind (H5I_GROUP or H5I_DATASET), in creation order.
std::vector<std::string> children(hid_t group, H5I_type_t type) {
  std::vector<std::string> names;
  H5Literate(
      group, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  std::vector<std::string> out;
  for (const std::string& name : names) {
    const hid_t obj = H5Oopen(group, name.c_str(), H5P_DEFAULT);
    if (obj < 0) continue;
    if (H5Iget_type(obj) == type) out.push_back(name);
    H5Oclose(obj);
  }
  return out;
}

void copy_attributes(hid_t from, hid_t to) {
  std::vector<std::string> names;
  H5Aiterate2(
      from, H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
        return 0;
      },
      &names);
  for (const std::string& name : names) {
    if (managed.count(name)) continue;
    const std::string what = "copying attribute " + name + " of " + object_name(from);
    Handle attr(H5Aopen(from, name.c_str(), H5P_DEFAULT), H5Aclose, what);
    Handle type(H5Aget_type(attr), H5Tclose, what);
    Handle space(H5Aget_space(attr), H5Sclose, what);
    const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
    switch (H5Tget_class(type)) {
      case H5T_STRING: {
        std::string text;
        if (H5Tis_variable_str(type) > 0) {
          char* s = nullptr;
          check(H5Aread(attr, type, &s), what);
          text = s ? s : "";
          H5free_memory(s);
        } else {
          std::vector<char> buf(H5Tget_size(type) + 1, '\0');
          check(H5Aread(attr, type, buf.data()), what);
          text = buf.data();
        }
        write_attribute(to, name, text);
        break;
      }
      case H5T_INTEGER: {
        std::vector<std::int32_t> v(n);
        check(H5Aread(attr, H5T_NATIVE_INT32, v.data()), what);
        write_attribute<std::int32_t>(to, name, std::span<const std::int32_t>(v));
        break;
      }
      case H5T_FLOAT: {
        std::vector<double> v(n);
        check(H5Aread(attr, H5T_NATIVE_DOUBLE, v.data()), what);
        write_attribute<double>(to, name, std::span<const double>(v));
        break;
      }
      default:
        break;  // polder writes no other attribute types in these groups
    }
  }
}

std::vector<double> read_series(hid_t group, const std::string& name) {
  const std::string what = "reading " + child_path(group, name);
  Handle ds(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, what);
  Handle space(H5Dget_space(ds), H5Sclose, what);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!v.empty()) check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), what);
  return v;
}

// One series group (/breach/<name>): a `time` scale and 1-D series over it.
void copy_series_group(hid_t from_parent, hid_t to_parent, const std::string& name) {
  const std::string what = "copying " + child_path(from_parent, name);
  Handle from(H5Gopen2(from_parent, name.c_str(), H5P_DEFAULT), H5Gclose, what);
  const Handle to = create_group(to_parent, name);
  copy_attributes(from, to);
  const std::vector<double> time_values = read_series(from, "time");
  const Handle time = make_dimension_scale<double>(to, "time", time_values);
  {
    Handle source(H5Dopen2(from, "time", H5P_DEFAULT), H5Dclose, what);
    copy_attributes(source, time);
  }
  for (const std::string& series : children(from, H5I_DATASET)) {
    if (series == "time") continue;
    const std::vector<double> values = read_series(from, series);
    const Handle ds = write_dataset<double>(to, series, {values.size()}, values);
    Handle source(H5Dopen2(from, series.c_str(), H5P_DEFAULT), H5Dclose, what);
    copy_attributes(source, ds);
    if (values.size() == time_values.size()) attach(ds, {time});
  }
}

}  // namespace

void copy_series_groups(hid_t file, const std::filesystem::path& from) {
  const std::string what = "copying the breach and inflow series from " + from.string();
  Handle source(H5Fopen(from.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, what);
  for (const char* name : {"breach", "inflow"}) {
    if (H5Lexists(source, name, H5P_DEFAULT) <= 0) continue;
    Handle from_parent(H5Gopen2(source, name, H5P_DEFAULT), H5Gclose, what);
    const Handle to_parent = create_group(file, name);
    for (const std::string& group : children(from_parent, H5I_GROUP)) copy_series_group(from_parent, to_parent, group);
  }
}

}  // namespace polder
