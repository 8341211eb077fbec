#include "polder/exposure/point_counts.hpp"

#include <algorithm>
#include <cctype>

#include "polder/grids/io/points.hpp"
#include "polder/grids/io/raster_io.hpp"

namespace polder {

namespace {

std::string trimmed_lower(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  s = s.substr(first, s.find_last_not_of(" \t") - first + 1);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

double count_field(const PointRecord& p, const std::string& field, const std::filesystem::path& file) {
  const double v = point_number(p, field, file);
  if (v < 0.0) throw RasterError(file, point_position(file, p) + ": " + field + " must be >= 0, got " + p.fields.at(field));
  return v;
}

}  // namespace

PlacedCounts place_points(const GridGeometry& grid, const std::vector<double>& x, const std::vector<double>& y,
                          const std::vector<double>& counts) {
  PlacedCounts out;
  out.cells.assign(grid.cell_count(), 0.0);
  for (std::size_t p = 0; p < counts.size(); ++p) {
    const auto c = grid.cell_at(x[p], y[p]);
    if (!c) {
      out.cell.emplace_back();
      out.off_grid += counts[p];
      ++out.points_off_grid;
      continue;
    }
    const std::size_t k = grid.index(c->i, c->j);
    out.cell.emplace_back(k);
    out.cells[k] += counts[p];
  }
  return out;
}

std::vector<FarmPoint> read_farm_points(const std::filesystem::path& file, const std::string& grid_crs_wkt) {
  const PointLayer layer = read_points(file, {"species", "head_count"}, {"id", "name"}, grid_crs_wkt);
  std::vector<FarmPoint> farms;
  for (const PointRecord& p : layer.points) {
    FarmPoint f;
    const auto id = p.fields.find("id");
    f.id = id != p.fields.end() && !id->second.empty() ? id->second : std::to_string(p.feature);
    if (const auto name = p.fields.find("name"); name != p.fields.end()) f.name = name->second;
    f.x = p.x;
    f.y = p.y;
    f.species = trimmed_lower(p.fields.at("species"));
    if (f.species.empty()) throw RasterError(file, point_position(file, p) + ": species is empty");
    f.head_count = count_field(p, "head_count", file);
    farms.push_back(std::move(f));
  }
  return farms;
}

PeoplePoints read_people_points(const std::filesystem::path& file, const std::string& grid_crs_wkt) {
  const PointLayer layer = read_points(file, {"people"}, {}, grid_crs_wkt);
  PeoplePoints out;
  for (const PointRecord& p : layer.points) {
    out.x.push_back(p.x);
    out.y.push_back(p.y);
    out.people.push_back(count_field(p, "people", file));
  }
  return out;
}

}  // namespace polder
