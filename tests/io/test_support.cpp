#include "test_support.hpp"

#include <gdal_priv.h>
#include <hdf5.h>
#include <ogr_spatialref.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace polder::test {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("polder-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void write_geotiff(const std::filesystem::path& file, int nx, int ny, double x_min, double y_max, double cell,
                   const std::vector<double>& values, double nodata, int epsg) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  GDALDataset* ds = drv->Create(file.string().c_str(), nx, ny, 1, GDT_Float32, nullptr);
  if (ds == nullptr) throw std::runtime_error("cannot create " + file.string());
  double gt[6] = {x_min, cell, 0.0, y_max, 0.0, -cell};
  ds->SetGeoTransform(gt);
  if (epsg > 0) {
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    ds->SetSpatialRef(&srs);
  }
  GDALRasterBand* b = ds->GetRasterBand(1);
  b->SetNoDataValue(nodata);
  std::vector<double> v = values;
  if (b->RasterIO(GF_Write, 0, 0, nx, ny, v.data(), nx, ny, GDT_Float64, 0, 0) != CE_None)
    throw std::runtime_error("cannot write " + file.string());
  GDALClose(ds);
}

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream f(file);
  f << text;
}

CommandResult run_polder(const std::string& args, const std::filesystem::path& cwd) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path();
  const auto out = dir / ("polder-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter) + ".out");
  const auto err = dir / ("polder-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".err");
  const std::string cd = cwd.empty() ? "" : "cd '" + cwd.string() + "' && ";
  const std::string cmd = cd + std::string(POLDER_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

namespace {
struct H5File {
  hid_t id;
  explicit H5File(const std::filesystem::path& f) : id(H5Fopen(f.string().c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    if (id < 0) throw std::runtime_error("cannot open " + f.string());
  }
  ~H5File() { H5Fclose(id); }
};
}  // namespace

std::vector<double> read_dataset(const std::filesystem::path& file, const std::string& path, std::vector<std::size_t>* shape) {
  H5File f(file);
  const hid_t d = H5Dopen2(f.id, path.c_str(), H5P_DEFAULT);
  if (d < 0) throw std::runtime_error("no dataset " + path);
  const hid_t s = H5Dget_space(d);
  const int rank = H5Sget_simple_extent_ndims(s);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(s, dims.data(), nullptr);
  std::size_t n = 1;
  for (auto x : dims) n *= x;
  if (shape) shape->assign(dims.begin(), dims.end());
  std::vector<double> v(n);
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Sclose(s);
  H5Dclose(d);
  return v;
}

bool has_path(const std::filesystem::path& file, const std::string& path) {
  H5File f(file);
  // Check each prefix, since H5Lexists fails on a missing intermediate group.
  std::string prefix;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part.empty()) continue;
    prefix += "/" + part;
    if (H5Lexists(f.id, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return true;
}

double read_attribute_double(const std::filesystem::path& file, const std::string& object, const std::string& name) {
  H5File f(file);
  const hid_t a = H5Aopen_by_name(f.id, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) throw std::runtime_error("no attribute " + object + "@" + name);
  double v = 0.0;
  H5Aread(a, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(a);
  return v;
}

std::string read_attribute_string(const std::filesystem::path& file, const std::string& object, const std::string& name) {
  H5File f(file);
  const hid_t a = H5Aopen_by_name(f.id, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) throw std::runtime_error("no attribute " + object + "@" + name);
  const hid_t t = H5Aget_type(a);
  std::string out;
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
  H5Tclose(t);
  H5Aclose(a);
  return out;
}

}  // namespace polder::test
