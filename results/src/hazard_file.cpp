#include "polder/results/hazard_file.hpp"

#include <hdf5.h>

#include <cmath>
#include <sstream>

#include "polder/results/hdf5_writing.hpp"
#include "polder/results/result_file.hpp"

namespace polder {

namespace {

class Reader {
 public:
  explicit Reader(const std::filesystem::path& file) : file_(file) {
    if (!std::filesystem::exists(file)) fail("file not found");
    if (H5Fis_hdf5(file.c_str()) <= 0) fail("not an HDF5 result file");
    id_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id_ < 0) fail("cannot be opened");
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader() { H5Fclose(id_); }

  [[noreturn]] void fail(const std::string& why) const { throw IoError(file_.string() + ": " + why); }

  [[nodiscard]] bool has(const std::string& path) const {
    std::string prefix;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '/')) {
      if (part.empty()) continue;
      prefix += "/" + part;
      if (H5Lexists(id_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    }
    return true;
  }

  template <class T>
  std::vector<T> data(const std::string& path, hid_t memory_type, std::vector<hsize_t>* shape = nullptr) const {
    if (!has(path)) fail("has no " + path + " (not a polder result file?)");
    const hid_t ds = H5Dopen2(id_, path.c_str(), H5P_DEFAULT);
    const hid_t space = H5Dget_space(ds);
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(std::size_t(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    std::size_t n = 1;
    for (hsize_t d : dims) n *= std::size_t(d);
    std::vector<T> v(n);
    const herr_t status = n ? H5Dread(ds, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) : 0;
    H5Sclose(space);
    H5Dclose(ds);
    if (status < 0) fail("cannot read " + path);
    if (shape) *shape = dims;
    return v;
  }

  [[nodiscard]] std::optional<std::string> text(const std::string& object, const std::string& name) const {
    if (H5Aexists_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0) return std::nullopt;
    const hid_t a = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    const hid_t t = H5Aget_type(a);
    std::string out;
    if (H5Tget_class(t) == H5T_STRING) {
      if (H5Tis_variable_str(t) > 0) {
        char* s = nullptr;
        H5Aread(a, t, &s);
        out = s ? s : "";
        H5free_memory(s);
      } else {
        std::vector<char> buf(H5Tget_size(t) + 1, '\0');
        H5Aread(a, t, buf.data());
        out = buf.data();
      }
    }
    H5Tclose(t);
    H5Aclose(a);
    return out;
  }

  [[nodiscard]] std::optional<double> number(const std::string& object, const std::string& name) const {
    if (H5Aexists_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT) <= 0) return std::nullopt;
    const hid_t a = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    double v = NAN;
    const herr_t status = H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
    return status < 0 ? std::nullopt : std::optional<double>(v);
  }

  [[nodiscard]] std::vector<std::string> root_attribute_names() const {
    std::vector<std::string> names;
    H5Aiterate2(
        id_, H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
          static_cast<std::vector<std::string>*>(out)->emplace_back(name);
          return 0;
        },
        &names);
    return names;
  }

 private:
  std::filesystem::path file_;
  hid_t id_ = H5I_INVALID_HID;
};

std::vector<double> to_double(const std::vector<float>& v, float fill, double replacement) {
  std::vector<double> out(v.size());
  for (std::size_t k = 0; k < v.size(); ++k) out[k] = v[k] == fill || std::isnan(v[k]) ? replacement : double(v[k]);
  return out;
}

}  // namespace

HazardFile read_hazard_file(const std::filesystem::path& file) {
  const h5w::QuietHdf5Errors quiet;  // a bad input file must give one line only, not HDF5's stack
  const Reader r(file);
  if (r.number("/", "complete").value_or(0.0) != 1.0) r.fail("is not a complete polder result (root attribute complete != 1)");
  HazardFile h;
  GridGeometry& g = h.geometry;
  const auto x = r.data<double>("/maps/x", H5T_NATIVE_DOUBLE);
  const auto y = r.data<double>("/maps/y", H5T_NATIVE_DOUBLE);
  const auto transform = r.text("/crs", "GeoTransform");
  if (!transform || x.empty() || y.empty()) r.fail("has no grid (/crs GeoTransform, /maps/x, /maps/y)");
  std::istringstream gt(*transform);
  double x0 = 0, dx = 0, r0 = 0, y_top = 0, r1 = 0, minus_dy = 0;
  if (!(gt >> x0 >> dx >> r0 >> y_top >> r1 >> minus_dy) || !(dx > 0.0) || !(minus_dy < 0.0))
    r.fail("has an unreadable GeoTransform '" + *transform + "'");
  g.nx = static_cast<int>(x.size());
  g.ny = static_cast<int>(y.size());
  g.dx = dx;
  g.dy = -minus_dy;
  g.x_min = x0;
  g.y_min = y_top - g.ny * g.dy;
  g.crs_wkt = r.text("/crs", "crs_wkt").value_or("");
  const std::size_t n = g.cell_count();

  h.thresholds = r.data<double>("/threshold", H5T_NATIVE_DOUBLE);
  if (h.thresholds.empty() || h.thresholds.size() > 8) r.fail("/threshold must hold 1 to 8 depths");
  for (double t : h.thresholds)
    if (!(t > 0.0) || !std::isfinite(t)) r.fail("/threshold holds a depth that is not positive");
  std::vector<hsize_t> shape;
  std::vector<std::int32_t> arrival = r.data<std::int32_t>("/maps/arrival_time", H5T_NATIVE_INT32, &shape);
  if (shape != std::vector<hsize_t>{h.thresholds.size(), hsize_t(g.ny), hsize_t(g.nx)})
    r.fail("/maps/arrival_time does not match /threshold and the grid");
  for (std::int32_t& a : arrival)
    if (a < 0) a = -1;  // the fill value: never reached or outside the domain
  TrackedMaps& m = h.simulation.maps;
  m.arrival_minute = std::move(arrival);
  const auto map = [&](const std::string& name, double replacement) {
    std::vector<hsize_t> s;
    const auto v = r.data<float>("/maps/" + name, H5T_NATIVE_FLOAT, &s);
    if (v.size() != n) r.fail("/maps/" + name + " does not match the grid");
    return to_double(v, -9999.0f, replacement);
  };
  m.max_depth = map("max_depth", 0.0);
  m.max_speed = map("max_velocity", 0.0);
  m.time_of_max_depth_min = map("time_of_max_depth", 0.0);
  m.max_rise_rate = map("max_rise_rate", 0.0);
  h.active = r.data<std::uint8_t>("/maps/domain", H5T_NATIVE_UINT8);
  if (h.active.size() != n) r.fail("/maps/domain does not match the grid");

  SimulationResult& s = h.simulation;
  s.end_time_s = r.number("/", "simulation_end_time_s").value_or(0.0);
  s.steps = static_cast<long>(r.number("/", "simulation_steps").value_or(0.0));
  s.volume.initial = r.number("/", "volume_initial_m3").value_or(0.0);
  s.volume.injected = r.number("/", "volume_injected_m3").value_or(0.0);
  s.volume.outflow = r.number("/", "volume_outflow_m3").value_or(0.0);
  s.volume.stored = r.number("/", "volume_stored_m3").value_or(0.0);
  const std::string source = r.text("/", "source").value_or("");
  const auto backend = source.find("backend ");
  s.backend = backend == std::string::npos ? "unknown" : source.substr(backend + 8);
  h.scenario_name = r.text("/", "scenario_name").value_or("");
  h.scenario_text = r.text("/", "scenario").value_or("");
  h.resolved_configuration = r.text("/", "resolved_configuration").value_or("");
  h.reference_time = r.text("/", "reference_time");
  for (const std::string& name : r.root_attribute_names())
    if (name.rfind("summary_", 0) == 0)
      if (const auto v = r.number("/", name)) h.summary[name.substr(8)] = *v;
  if (r.has("/exposure/people_reached") && r.has("/exposure/people_new")) {
    const auto rows = [&](const std::string& path) {
      std::vector<hsize_t> dims;
      const auto v = r.data<double>(path, H5T_NATIVE_DOUBLE, &dims);
      if (dims.size() != 2 || dims[0] != h.thresholds.size()) r.fail(path + " does not match /threshold");
      std::vector<std::vector<double>> out(dims[0]);
      for (std::size_t t = 0; t < out.size(); ++t)
        out[t].assign(v.begin() + std::ptrdiff_t(t * dims[1]), v.begin() + std::ptrdiff_t((t + 1) * dims[1]));
      return out;
    };
    HazardPeople p;
    p.reached = rows("/exposure/people_reached");
    p.fresh = rows("/exposure/people_new");
    p.in_domain = r.number("/exposure", "population_in_domain").value_or(NAN);
    p.outside_domain = r.number("/exposure", "population_outside_domain").value_or(NAN);
    h.people = std::move(p);
  }
  return h;
}

}  // namespace polder
