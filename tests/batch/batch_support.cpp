#include "batch_support.hpp"

#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace polder::test::batch {

namespace fs = std::filesystem;

namespace {

constexpr int nx = 30, ny = 12;
constexpr double cell = 50.0, x_min = 100000.0, y_max = 430000.0;
constexpr double nodata = -9999.0;

// Columns 0-1 are outside the dike (nodata); the polder is flat at -1 m with a slight rise east.
std::vector<double> basin_dem() {
  std::vector<double> v(std::size_t(nx) * ny);
  for (int r = 0; r < ny; ++r)
    for (int c = 0; c < nx; ++c) v[std::size_t(r) * nx + c] = c < 2 ? nodata : -1.0 + 0.001 * c;
  return v;
}

std::string two_zones_geojson() {
  const auto square = [](const std::string& name, double x0, double x1) {
    const std::string y0 = std::to_string(y_max - ny * cell), y1 = std::to_string(y_max);
    const std::string a = std::to_string(x0), b = std::to_string(x1);
    return R"({"type":"Feature","properties":{"name":")" + name + R"("},"geometry":{"type":"Polygon","coordinates":[[[)" +
           a + "," + y0 + "],[" + b + "," + y0 + "],[" + b + "," + y1 + "],[" + a + "," + y1 + "],[" + a + "," + y0 +
           "]]]}}";
  };
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},)"
         R"("features":[)" + square("West", x_min, x_min + 15 * cell) + "," +
         square("East, river side", x_min + 15 * cell, x_min + nx * cell) + "]}";
}

// Breach point 30 m west of the domain edge, on row 5 (from the north).
const double breach_x = x_min + 2 * cell - 30.0;
const double breach_y = y_max - 5.5 * cell;

std::string scenario(const std::string& name, double roughness) {
  return "[scenario]\nname = \"" + name + "\"\n[terrain]\ndem = \"dem.tif\"\nroughness = " + std::to_string(roughness) +
         "\n[[breach]]\nname = \"B1\"\nx = " + std::to_string(breach_x) + "\ny = " + std::to_string(breach_y) +
         "\ninitial_width = 5\nmax_width = 20\ninitial_crest = 1.5\nmin_crest = -1.0\nlowering_duration = \"10min\"\n"
         "outside_level = 1.0\n[simulation]\nduration = \"1h\"\n[arrival]\nthresholds = [0.02, 0.5]\n"
         "[exposure]\npopulation = \"pop.tif\"\nzones = \"zones.geojson\"\n";
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t k = 0; k < line.size(); ++k) {
    const char c = line[k];
    if (quoted) {
      if (c == '"' && k + 1 < line.size() && line[k + 1] == '"') field += '"', ++k;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(field);
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(field);
  return out;
}

}  // namespace

void write_library(const fs::path& dir) {
  write_geotiff(dir / "dem.tif", nx, ny, x_min, y_max, cell, basin_dem(), nodata, 28992);
  write_geotiff(dir / "pop.tif", nx, ny, x_min, y_max, cell, std::vector<double>(std::size_t(nx) * ny, 2.0), -1.0, 28992);
  write_text(dir / "zones.geojson", two_zones_geojson());
  write_text(dir / "base.toml", scenario("basin", 0.03));
  write_text(dir / "listed.toml", scenario("basin-listed", 0.05));
  write_text(dir / "library.toml",
             "[library]\nname = \"test-library\"\nscenarios = [\"listed.toml\"]\n"
             "[[generate]]\nbase = \"base.toml\"\n"
             "[[generate.breach]]\nname = \"B1\"\nx = " + std::to_string(breach_x) + "\ny = " + std::to_string(breach_y) + "\n"
             "[[generate.outside_level]]\nname = \"low\"\noutside_level = 0.8\n"
             "[[generate.outside_level]]\nname = \"high\"\noutside_level = 1.2\n"
             "[[generate]]\nbase = \"base.toml\"\n"
             "[[generate.breach]]\nname = \"FAR\"\nx = " + std::to_string(x_min - 1000.0) + "\ny = " + std::to_string(breach_y) + "\n"
             "[[generate.outside_level]]\nname = \"low\"\noutside_level = 0.8\n");
}

std::vector<CsvRow> read_index_csv(const fs::path& file) {
  std::ifstream f(file);
  if (!f) throw std::runtime_error("cannot read " + file.string());
  std::string line;
  std::getline(f, line);
  const std::vector<std::string> header = split_csv_line(line);
  std::vector<CsvRow> rows;
  while (std::getline(f, line)) {
    const std::vector<std::string> fields = split_csv_line(line);
    if (fields.size() != header.size()) throw std::runtime_error("field count differs from the header: " + line);
    CsvRow row;
    for (std::size_t k = 0; k < header.size(); ++k) row[header[k]] = fields[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> read_strings(const fs::path& file, const std::string& path) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error("cannot open " + file.string());
  const hid_t d = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  if (d < 0) {
    H5Fclose(f);
    throw std::runtime_error("no dataset " + path);
  }
  const hid_t s = H5Dget_space(d);
  const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(s));
  const hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  std::vector<char*> p(n, nullptr);
  H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data());
  std::vector<std::string> out;
  for (char* c : p) out.emplace_back(c ? c : "");
  H5Dvlen_reclaim(t, s, H5P_DEFAULT, p.data());
  H5Tclose(t);
  H5Sclose(s);
  H5Dclose(d);
  H5Fclose(f);
  return out;
}

CommandResult run_shell(const std::string& command, const fs::path& cwd) {
  static int counter = 0;
  const fs::path tmp = fs::temp_directory_path();
  const std::string stem = "polder-batch-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const fs::path out = tmp / (stem + ".out"), err = tmp / (stem + ".err");
  const std::string cd = cwd.empty() ? "" : "cd '" + cwd.string() + "' && ";
  const int status = std::system((cd + "(" + command + ") >" + out.string() + " 2>" + err.string()).c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  const auto slurp = [](const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  r.out = slurp(out);
  r.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return r;
}

}  // namespace polder::test::batch
