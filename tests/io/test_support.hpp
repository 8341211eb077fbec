#pragma once
// Helpers for end-to-end tests: small GeoTIFFs, scenario files, running the polder command and
// reading result datasets back with the HDF5 C API.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace polder::test {

// A fresh empty folder under the system temp directory.
std::filesystem::path fresh_dir(const std::string& name);

// Writes a north-up GeoTIFF; values given row by row from the NORTH (GDAL order).
void write_geotiff(const std::filesystem::path& file, int nx, int ny, double x_min, double y_max, double cell,
                   const std::vector<double>& values_north_first, double nodata, int epsg);

void write_text(const std::filesystem::path& file, const std::string& text);

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};
// Runs the polder binary with the arguments (shell-quoted by the caller).
CommandResult run_polder(const std::string& args, const std::filesystem::path& cwd = {});

// Reads a whole numeric dataset (converted to double) and its shape.
std::vector<double> read_dataset(const std::filesystem::path& file, const std::string& path, std::vector<std::size_t>* shape = nullptr);
bool has_path(const std::filesystem::path& file, const std::string& path);
double read_attribute_double(const std::filesystem::path& file, const std::string& object, const std::string& name);
std::string read_attribute_string(const std::filesystem::path& file, const std::string& object, const std::string& name);

}  // namespace polder::test
