// `polder exposure` end to end on a small synthetic result: the overlay reads the hazard without
// changing it and writes a self-describing file with the exposure groups and tables beside it;
// bad input gives exit code 2, one line on stderr and no output file.
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "polder/results/result_file.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using polder::test::fresh_dir;
using polder::test::read_dataset;
using polder::test::run_polder;
using polder::test::write_text;

namespace {

constexpr int nx = 6, ny = 4;
constexpr double cell = 100.0, x_min = 110000.0, y_min = 430000.0;

std::string rd_wkt() {
  OGRSpatialReference srs;
  srs.importFromEPSG(28992);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt;
  CPLFree(wkt);
  return out;
}

// Water comes from the west: arrival minute 30 · column at the first threshold, the three
// western columns reach 0.5 m an hour later; the eastern column stays dry; the north-east cell
// is outside the model.
void write_hazard(const fs::path& file) {
  polder::GridGeometry g;
  g.nx = nx;
  g.ny = ny;
  g.x_min = x_min;
  g.y_min = y_min;
  g.dx = cell;
  g.dy = cell;
  g.crs_wkt = rd_wkt();
  const std::size_t n = g.cell_count();
  polder::SimulationResult r;
  r.maps.arrival_minute.assign(2 * n, -1);
  r.maps.max_depth.assign(n, 0.0);
  r.maps.time_of_max_depth_min.assign(n, 0.0);
  r.maps.max_speed.assign(n, 0.1);
  r.maps.max_rise_rate.assign(n, 0.3);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx - 1; ++i) {
      const std::size_t k = g.index(i, j);
      r.maps.arrival_minute[k] = 30 * i;
      r.maps.max_depth[k] = 1.2 - 0.2 * i;
      if (i < 3) r.maps.arrival_minute[n + k] = 30 * i + 60;
    }
  r.end_time_s = 6 * 3600.0;
  r.backend = "cpu";
  polder::ResultContent c;
  c.geometry = g;
  c.active.assign(n, 1);
  c.active[g.index(nx - 1, ny - 1)] = 0;
  c.thresholds = {0.02, 0.5};
  c.simulation = &r;
  c.scenario_name = "synthetic";
  c.scenario_text = "[scenario]\nname = \"synthetic\"\n";
  c.resolved_configuration = "synthetic";
  polder::write_result_file(file, c);
}

std::string farms_csv() {
  // f1 in column 0 (reached at minute 0), f2 in column 2 (minute 60), f3 in the dry column 5,
  // f4 off the grid.
  return "id,name,x,y,species,head_count\n"
         "f1,West farm,110050,430050,cattle,45\n"
         "f2,,110250,430150,pigs,800\n"
         "f3,Dry farm,110550,430050,cattle,30\n"
         "f4,Far away,150000,430050,sheep,100\n";
}

// West zone: columns 0-2; East zone: columns 3-5.
std::string zones_geojson() {
  const auto square = [](const std::string& name, double x0, double x1) {
    const std::string y0 = std::to_string(y_min), y1 = std::to_string(y_min + ny * cell);
    const std::string a = std::to_string(x0), b = std::to_string(x1);
    return R"({"type":"Feature","properties":{"name":")" + name + R"("},"geometry":{"type":"Polygon","coordinates":[[[)" + a +
           "," + y0 + "],[" + b + "," + y0 + "],[" + b + "," + y1 + "],[" + a + "," + y1 + "],[" + a + "," + y0 + "]]]}}";
  };
  return R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)" +
         square("West", x_min, x_min + 300) + "," + square("East", x_min + 300, x_min + 600) + "]}";
}

fs::path make_case(const std::string& name) {
  const fs::path dir = fresh_dir(name);
  write_hazard(dir / "hazard.h5");
  write_text(dir / "farms.csv", farms_csv());
  write_text(dir / "zones.geojson", zones_geojson());
  // 2 people per cell.
  polder::test::write_geotiff(dir / "pop.tif", nx, ny, x_min, y_min + ny * cell, cell,
                              std::vector<double>(std::size_t(nx) * ny, 2.0), -1.0, 28992);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string line;
  while (std::getline(s, line)) out.push_back(line);
  return out;
}

void expect_bad_input(const polder::test::CommandResult& r, const fs::path& out, const std::string& must_mention) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "exactly one line on stderr, got:\n" << r.err;
  EXPECT_NE(r.err.find(must_mention), std::string::npos) << "stderr should mention '" << must_mention << "':\n" << r.err;
  EXPECT_FALSE(fs::exists(out)) << "no output on bad input";
  EXPECT_FALSE(fs::exists(fs::path(out).replace_extension(".zones.csv")));
  EXPECT_FALSE(fs::exists(fs::path(out).replace_extension(".farms.csv")));
}

}  // namespace

TEST(ExposureCli, OverlaysAnExistingResultWithoutChangingIt) {
  const fs::path dir = make_case("exposure-ok");
  const std::string before = slurp(dir / "hazard.h5");
  const auto r = run_polder("exposure hazard.h5 --population pop.tif --livestock farms.csv --zones zones.geojson "
                            "--farm-rows --out out.h5 --lead-time 30",
                            dir);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(slurp(dir / "hazard.h5"), before) << "the hazard file must not change";
  const fs::path out = dir / "out.h5";
  ASSERT_TRUE(fs::exists(out));
  EXPECT_NE(r.out.find("1 farm points (100 head) outside the model domain"), std::string::npos) << r.out;

  // Self-describing: the hazard's maps and crs are there, plus the class maps.
  EXPECT_EQ(read_dataset(out, "/maps/arrival_time"), read_dataset(dir / "hazard.h5", "/maps/arrival_time"));
  EXPECT_EQ(read_dataset(out, "/maps/max_depth"), read_dataset(dir / "hazard.h5", "/maps/max_depth"));
  EXPECT_EQ(polder::test::read_attribute_string(out, "/crs", "crs_wkt"),
            polder::test::read_attribute_string(dir / "hazard.h5", "/crs", "crs_wkt"));
  EXPECT_TRUE(polder::test::has_path(out, "/maps/depth_class"));
  EXPECT_EQ(polder::test::read_attribute_double(out, "/", "complete"), 1.0);

  // People: 2 per model cell, 23 model cells; the west column (4 cells, 8 people) at minute 0.
  EXPECT_EQ(polder::test::read_attribute_double(out, "/exposure", "population_in_domain"), 46.0);
  EXPECT_EQ(polder::test::read_attribute_double(out, "/exposure", "population_raster_total"), 48.0);
  EXPECT_EQ(polder::test::read_attribute_double(out, "/exposure", "population_raster_reprojected"), 0.0);
  const auto people = read_dataset(out, "/exposure/people_reached");
  EXPECT_EQ(people[0], 8.0);
  // The root summary is the overlay's people, not the hazard's.
  const std::size_t people_minutes = people.size() / read_dataset(out, "/threshold").size();
  EXPECT_EQ(polder::test::read_attribute_double(out, "/", "summary_people_reached_1h"),
            people[std::min<std::size_t>(60, people_minutes - 1)]);
  // Cattle: f1 (45) at minute 0, f3 (30) never; pigs: f2 at minute 60; sheep off the grid.
  std::vector<std::size_t> shape;
  const auto animals = read_dataset(out, "/exposure/animals_reached", &shape);
  ASSERT_EQ(shape.size(), 3u);
  EXPECT_EQ(shape[0], 3u);  // cattle, pigs, sheep
  const std::size_t minutes = shape[2];
  EXPECT_EQ(animals[0], 45.0);
  EXPECT_EQ(animals[minutes - 1], 45.0);
  EXPECT_EQ(animals[2 * shape[1] * minutes + 0], 0.0);
  EXPECT_EQ(read_dataset(out, "/exposure/animals_outside_domain"), (std::vector<double>{0.0, 0.0, 100.0}));

  // Farms: the dry farm has no arrival (fill value), not minute 0.
  const auto farm_arrival = read_dataset(out, "/exposure/farms/arrival_time");
  ASSERT_EQ(farm_arrival.size(), 8u);
  EXPECT_EQ(farm_arrival[0], 0.0);
  EXPECT_EQ(farm_arrival[1], 60.0);
  EXPECT_EQ(farm_arrival[2], -2147483647.0);
  EXPECT_EQ(farm_arrival[3], -2147483647.0);
  EXPECT_EQ(farm_arrival[4 + 1], 120.0);  // 0.5 m at f2
  // Never reached after: f3 (30 cattle, weight 24) before f4 (100 sheep, 10).
  // f2: 800 pigs = 5 loads = 3 rounds: 120 + 3 * 45 + 2 * 120 = 495 min before minute 60, so a
  // latest safe start of -435 min, earlier than f1's 0 - 300: f2 goes first.
  EXPECT_EQ(read_dataset(out, "/exposure/farms/priority_rank"), (std::vector<double>{2.0, 1.0, 3.0, 4.0}));
  const auto lss = read_dataset(out, "/exposure/farms/latest_safe_start");
  EXPECT_TRUE(std::isnan(lss[2]));
  const auto slack = read_dataset(out, "/exposure/farms/slack");
  // f1: 45 cattle, 2 trucks: 120 + 60 + 120 = 300 min needed; available 30 + 0 - 60 = -30.
  EXPECT_EQ(slack[0], -330.0);

  // Zones: West reached first; both zones hold people and farms.
  EXPECT_EQ(read_dataset(out, "/exposure/zones/priority_rank"), (std::vector<double>{1.0, 2.0}));
  // Per zone, newly reached per minute adds up to the cumulative curve, for people and animals.
  for (const std::string kind : {"people", "animals"}) {
    std::vector<std::size_t> zshape;
    const auto reached = read_dataset(out, "/exposure/zones/" + kind + "_reached", &zshape);
    const auto fresh = read_dataset(out, "/exposure/zones/" + kind + "_new");
    ASSERT_EQ(fresh.size(), reached.size());
    const std::size_t m = zshape.back();
    for (std::size_t row = 0; row < reached.size() / m; ++row) {
      double sum = 0.0;
      for (std::size_t k = 0; k < m; ++k) {
        sum += fresh[row * m + k];
        EXPECT_NEAR(sum, reached[row * m + k], 1e-9 * std::max(1.0, reached[row * m + k])) << kind << " row " << row << " minute " << k;
      }
    }
  }
  EXPECT_EQ(read_dataset(out, "/exposure/zones/farms"), (std::vector<double>{2.0, 1.0}));

  // Tables beside it.
  const auto farms = lines_of(slurp(dir / "out.farms.csv"));
  ASSERT_EQ(farms.size(), 5u);
  EXPECT_EQ(farms[0].rfind("farm_id,name,x,y,species,head_count,in_domain,zone_id,zone_name,arrival_0.02m,arrival_0.5m,", 0), 0u)
      << farms[0];
  EXPECT_EQ(farms[3].rfind("f3,Dry farm,110550,430050,cattle,30,1,2,East,,,0,", 0), 0u) << farms[3];
  EXPECT_TRUE(fs::exists(dir / "out.farms.geojson"));
  EXPECT_NE(slurp(dir / "out.farms.geojson").find("EPSG::28992"), std::string::npos);
  const auto zones = lines_of(slurp(dir / "out.zones.csv"));
  ASSERT_EQ(zones.size(), 3u);
  EXPECT_NE(zones[0].find("cattle_within_1h"), std::string::npos);

  // Overlaying livestock alone on that output keeps its people curves (the hazard's), flagged.
  const auto again = run_polder("exposure out.h5 --livestock farms.csv --out again.h5 --quiet", dir);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(read_dataset(dir / "again.h5", "/exposure/people_reached"), people);
  EXPECT_EQ(read_dataset(dir / "again.h5", "/exposure/people_new"), read_dataset(out, "/exposure/people_new"));
  EXPECT_EQ(polder::test::read_attribute_double(dir / "again.h5", "/exposure", "population_in_domain"), 46.0);
  EXPECT_EQ(polder::test::read_attribute_double(dir / "again.h5", "/exposure", "people_curves_from_hazard"), 1.0);
}

TEST(ExposureCli, FarmRowsOnlyWhenAskedAndSuppressionBelowMinCount) {
  const fs::path dir = make_case("exposure-private");
  const auto r = run_polder("exposure hazard.h5 --livestock farms.csv --zones zones.geojson --min-count 2 --quiet", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path out = dir / "hazard.exposure.h5";  // the default name
  ASSERT_TRUE(fs::exists(out));
  EXPECT_FALSE(polder::test::has_path(out, "/exposure/farms"));
  EXPECT_FALSE(fs::exists(dir / "hazard.exposure.farms.csv"));
  EXPECT_FALSE(polder::test::has_path(out, "/exposure/people_reached"));  // no population given
  // West has 2 farms (kept), East 1 (withheld: flag set, NaN, never 0).
  EXPECT_EQ(read_dataset(out, "/exposure/zones/animals_suppressed"), (std::vector<double>{0.0, 1.0}));
  const auto animals = read_dataset(out, "/exposure/zones/animals");  // (species, zone)
  EXPECT_EQ(animals[0], 45.0);
  EXPECT_TRUE(std::isnan(animals[1]));
  const auto zones = lines_of(slurp(dir / "hazard.exposure.zones.csv"));
  ASSERT_EQ(zones.size(), 3u);
  EXPECT_NE(zones[2].find("East,2,"), std::string::npos);
  EXPECT_NE(zones[2].find(",1,1,,"), std::string::npos) << "farms 1, suppressed 1, then an empty count: " << zones[2];
}

TEST(ExposureCli, BadInputIsOneLineExitTwoAndNoOutput) {
  const fs::path dir = make_case("exposure-bad");
  const fs::path out = dir / "out.h5";
  expect_bad_input(run_polder("exposure absent.h5 --livestock farms.csv --out out.h5", dir), out, "absent.h5");
  write_text(dir / "wrong.csv", "x,y,species,heads\n110050,430050,cattle,45\n");
  expect_bad_input(run_polder("exposure hazard.h5 --livestock wrong.csv --out out.h5", dir), out,
                   "wrong.csv: has no field 'head_count'");
  expect_bad_input(run_polder("exposure hazard.h5 --livestock missing.csv --out out.h5", dir), out, "missing.csv");
  expect_bad_input(run_polder("exposure hazard.h5 --livestock farms.csv --threshold 0.3 --out out.h5", dir), out,
                   "hazard.h5: --threshold: must be one of the arrival thresholds");
  expect_bad_input(run_polder("exposure hazard.h5 --out out.h5", dir), out, "nothing to overlay");
  // One negative cell in the source, even one that falls off the flood grid after regridding.
  std::vector<double> negative(std::size_t(nx) * ny, 1.0);
  negative[3] = -2.0;
  polder::test::write_geotiff(dir / "negative.tif", nx, ny, x_min, y_min + ny * cell, cell, negative, -1.0, 28992);
  expect_bad_input(run_polder("exposure hazard.h5 --population negative.tif --out out.h5", dir), out,
                   "negative.tif: has a negative count (-2.000000) in row 0, column 3");
  expect_bad_input(run_polder("exposure hazard.h5 --species-raster cattle --out out.h5", dir), out, "NAME=FILE");
  write_text(dir / "notes.h5", "not hdf5");
  expect_bad_input(run_polder("exposure notes.h5 --livestock farms.csv --out out.h5", dir), out, "notes.h5");
  write_text(dir / "params.toml", "[exposure]\n[exposure.priority]\nlead_tme = 3\n");
  expect_bad_input(run_polder("exposure hazard.h5 --livestock farms.csv --config params.toml --out out.h5", dir), out,
                   "params.toml: exposure.priority.lead_tme: unknown key");
  // The hazard itself as --out: refused, and the hazard is still there.
  const auto r = run_polder("exposure hazard.h5 --livestock farms.csv --out hazard.h5", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(fs::exists(dir / "hazard.h5"));
}
