// The polder command end to end on a small synthetic polder: a flat basin behind a dike, a breach
// on its west edge, and every bad-input path (exit code 2, one line naming the file, no result).
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

#include "polder/app/model_setup.hpp"
#include "polder/scenarios/library.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using polder::test::fresh_dir;
using polder::test::run_polder;
using polder::test::write_geotiff;
using polder::test::write_text;

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

// Breach point 30 m west of the domain edge, on row 5 (from the north).
const double breach_x = x_min + 2 * cell - 30.0;
const double breach_y = y_max - 5.5 * cell;

std::string scenario_text(const std::string& extra_breach = "", const std::string& extra = "") {
  return "[scenario]\nname = \"basin\"\n[terrain]\ndem = \"dem.tif\"\nroughness = 0.03\n"
         "[[breach]]\nname = \"B1\"\nx = " + std::to_string(breach_x) + "\ny = " + std::to_string(breach_y) +
         "\ninitial_width = 5\nmax_width = 20\ninitial_crest = 1.5\nmin_crest = -1.0\nlowering_duration = \"10min\"\n"
         "outside_level = 1.0\n" + extra_breach +
         "[simulation]\nduration = \"2h\"\nsnapshot_interval = \"30min\"\n[arrival]\nthresholds = [0.02, 0.5]\n" + extra;
}

fs::path make_case(const std::string& name, const std::string& scenario) {
  const fs::path dir = fresh_dir(name);
  write_geotiff(dir / "dem.tif", nx, ny, x_min, y_max, cell, basin_dem(), nodata, 28992);
  write_text(dir / "scenario.toml", scenario);
  return dir;
}

bool has_h5(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().string().find(".h5") != std::string::npos) return true;
  return false;
}

void expect_bad_input(const polder::test::CommandResult& r, const fs::path& dir, const std::string& must_mention) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "exactly one line on stderr, got:\n" << r.err;
  EXPECT_NE(r.err.find(must_mention), std::string::npos) << "stderr should mention '" << must_mention << "':\n" << r.err;
  EXPECT_FALSE(has_h5(dir)) << "no result file on bad input";
}

}  // namespace

TEST(Cli, RunsTheBasinAndWritesACompleteResult) {
  const fs::path dir = make_case("basin-ok", scenario_text());
  const auto r = run_polder("run scenario.toml --quiet", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path result = dir / "basin.h5";  // default name: <scenario name>.h5 in the working folder
  ASSERT_TRUE(fs::exists(result)) << r.out;
  EXPECT_NE(r.out.find("result: "), std::string::npos);
  EXPECT_NE(r.out.find("relative mass error"), std::string::npos);
  EXPECT_EQ(polder::test::read_attribute_double(result, "/", "complete"), 1.0);

  // Mass balance: stored equals injected through the breach to 1e-9 relative (issue 2).
  EXPECT_LE(polder::test::read_attribute_double(result, "/", "volume_relative_error"), 1e-9);
  EXPECT_GT(polder::test::read_attribute_double(result, "/", "volume_injected_m3"), 0.0);

  // Arrival (threshold 0.02 m) along the breach row grows with distance from the breach.
  std::vector<std::size_t> shape;
  const auto arrival = polder::test::read_dataset(result, "/maps/arrival_time", &shape);
  ASSERT_EQ(shape, (std::vector<std::size_t>{2, std::size_t(ny), std::size_t(nx)}));
  const std::size_t j = std::size_t(ny - 1 - 5);  // file rows grow north
  double previous = -1.0;
  for (int i = 2; i < nx; ++i) {
    const double a = arrival[j * nx + std::size_t(i)];
    ASSERT_GE(a, 0.0) << "column " << i << " never reached";
    EXPECT_GE(a, previous) << "column " << i;
    previous = a;
  }
  // Outside the dike: fill value, never 0.
  EXPECT_LT(arrival[j * nx + 0], 0.0);
}

TEST(Cli, OutFlagOverridesTheScenarioOutputFile) {
  const fs::path dir = make_case("basin-out", scenario_text("", "[output]\nfile = \"from-scenario.h5\"\n"));
  auto r = run_polder("run scenario.toml --quiet --out flag.h5", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "flag.h5"));
  EXPECT_FALSE(fs::exists(dir / "from-scenario.h5"));
  r = run_polder("run " + (dir / "scenario.toml").string() + " --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "from-scenario.h5"));
}

// Two polygon zones split the basin at x = 100750 (between columns 14 and 15); one person per cell.
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

TEST(Cli, ZonesGiveATablePerZone) {
  const fs::path dir = make_case("basin-zones", scenario_text("", "[exposure]\npopulation = \"pop.tif\"\nzones = \"zones.geojson\"\n"));
  write_geotiff(dir / "pop.tif", nx, ny, x_min, y_max, cell, std::vector<double>(std::size_t(nx) * ny, 1.0), -1.0, 28992);
  write_text(dir / "zones.geojson", two_zones_geojson());
  const auto r = run_polder("run scenario.toml --quiet --out run.h5", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Model cells are columns 2-29: 13 × 12 in West, 15 × 12 in East.
  EXPECT_EQ(polder::test::read_dataset(dir / "run.h5", "/exposure/zones/people"), (std::vector<double>{156.0, 180.0}));
  EXPECT_EQ(polder::test::read_attribute_double(dir / "run.h5", "/exposure/zones", "people_outside_zones"), 0.0);
  std::ifstream csv(dir / "run.zones.csv");
  std::vector<std::string> lines;
  for (std::string line; std::getline(csv, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].rfind("name,zone_id,people,first_arrival,minutes_to_10_percent", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("West,1,156,", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].rfind("\"East, river side\",2,180,", 0), 0u) << lines[2];

  // The same table on the zones' model cells, for GIS: GDAL reads it in RD New, one feature per
  // zone with the CSV's columns; West is its 13 × 12 model cells.
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx((dir / "run.zones.geojson").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  ASSERT_EQ(OGR_L_GetFeatureCount(layer, 1), 2);
  const OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "28992");
  OGRFeatureH west = OGR_L_GetNextFeature(layer);
  EXPECT_STREQ(OGR_F_GetFieldAsString(west, OGR_F_GetFieldIndex(west, "name")), "West");
  EXPECT_EQ(OGR_F_GetFieldAsDouble(west, OGR_F_GetFieldIndex(west, "people")), 156.0);
  EXPECT_DOUBLE_EQ(OGR_G_Area(OGR_F_GetGeometryRef(west)), 13 * 12 * cell * cell);
  OGR_F_Destroy(west);
  GDALClose(ds);
}

TEST(CliBadInput, ZoneFileWithoutTheNameAttribute) {
  const fs::path dir = make_case("zones-no-name", scenario_text("", "[exposure]\npopulation = \"pop.tif\"\nzones = \"zones.geojson\"\nzone_name_field = \"naam\"\n"));
  write_geotiff(dir / "pop.tif", nx, ny, x_min, y_max, cell, std::vector<double>(std::size_t(nx) * ny, 1.0), -1.0, 28992);
  write_text(dir / "zones.geojson", two_zones_geojson());
  expect_bad_input(run_polder("run scenario.toml --quiet", dir), dir, "naam");
}

TEST(CliBadInput, MissingScenarioFile) {
  const fs::path dir = fresh_dir("missing-scenario");
  expect_bad_input(run_polder("run nowhere.toml", dir), dir, "nowhere.toml");
}

TEST(CliBadInput, MissingDem) {
  const fs::path dir = make_case("missing-dem", scenario_text());
  fs::remove(dir / "dem.tif");
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "dem.tif");
}

TEST(CliBadInput, MisspelledKey) {
  std::string text = scenario_text();
  text.replace(text.find("duration ="), 8, "duraton");
  const fs::path dir = make_case("misspelled", text);
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "duraton");
}

TEST(CliBadInput, NaNInAModelCell) {
  const fs::path dir = make_case("nan-dem", scenario_text());
  auto dem = basin_dem();
  dem[5 * nx + 10] = std::numeric_limits<double>::quiet_NaN();
  write_geotiff(dir / "dem.tif", nx, ny, x_min, y_max, cell, dem, nodata, 28992);
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "NaN");
}

TEST(CliBadInput, GeographicCrs) {
  const fs::path dir = make_case("wrong-crs", scenario_text());
  write_geotiff(dir / "dem.tif", nx, ny, 4.5, 52.0, 0.001, basin_dem(), nodata, 4326);
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "projected");
}

TEST(CliBadInput, BreachFarFromTheDomainEdge) {
  std::string text = scenario_text();
  text.replace(text.find("x = "), 4 + std::to_string(breach_x).size(), "x = " + std::to_string(breach_x - 1000.0));
  const fs::path dir = make_case("far-breach", text);
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "B1");
}

TEST(CliBadInput, ResultFolderMissing) {
  const fs::path dir = make_case("no-folder", scenario_text());
  expect_bad_input(run_polder("run scenario.toml --out no/such/folder/r.h5", dir), dir, "no/such/folder");
}

TEST(CliBadInput, CfloutOfRange) {
  const fs::path dir = make_case("cfl", scenario_text("", "cfl = 0.9\n"));
  // cfl belongs to [simulation]; appended after [arrival] it is an unknown arrival key, so put it right.
  std::string text = scenario_text();
  text.replace(text.find("[simulation]\n"), 13, "[simulation]\ncfl = 0.9\n");
  write_text(dir / "scenario.toml", text);
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "cfl");
}

TEST(Cli, RainOnlyScenarioStoresTheRainVolume) {
  const std::string text =
      "[scenario]\nname = \"rain\"\n[terrain]\ndem = \"dem.tif\"\n"
      "[rain]\nintensity = 36\nstart = \"10min\"\nend = \"70min\"\n"
      "[simulation]\nduration = \"2h\"\n";
  const fs::path dir = make_case("rain", text);
  const auto r = run_polder("run scenario.toml --quiet", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 36 mm/h for one hour on every model cell (28 × 12 cells of 50 m): 0.036 m × 840000 m².
  const double expected = 0.036 * 28 * 12 * cell * cell;
  EXPECT_NEAR(polder::test::read_attribute_double(dir / "rain.h5", "/", "volume_injected_m3"), expected, 1e-9 * expected);
  EXPECT_LE(polder::test::read_attribute_double(dir / "rain.h5", "/", "volume_relative_error"), 1e-12);
}

TEST(CliBadInput, RainWithBothIntensities) {
  const fs::path dir = make_case("rain-both", scenario_text("", "[rain]\nintensity = 3\nintensity_raster = \"dem.tif\"\n"));
  expect_bad_input(run_polder("run scenario.toml", dir), dir, "rain");
}

TEST(CliBadInput, MissingScenarioArgument) {
  const fs::path dir = fresh_dir("no-argument");
  expect_bad_input(run_polder("run", dir), dir, "scenario");
}

TEST(ExampleLibrary, EveryGeneratedBreachSnapsOntoTheDomainEdge) {
  // The example library's breach points come from the national database; each must snap within
  // 250 m (issue "Breach structures") and its model must build.
  const auto lib = polder::load_library(fs::path(POLDER_SOURCE_DIR) / "examples/alblasserwaard/library.toml");
  ASSERT_EQ(lib.entries.size(), 30u);
  for (const auto& e : lib.entries) {
    const polder::ModelSetup m = polder::build_model(e.scenario);
    ASSERT_EQ(m.breach_locations.size(), 1u) << e.name;
    EXPECT_LE(m.breach_locations[0].snap_distance_m, 250.0) << e.name;
  }
}
