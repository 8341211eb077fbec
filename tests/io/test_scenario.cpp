// Scenario files: parsing, defaults, durations, CSV series and every error path.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "polder/scenarios/config_error.hpp"
#include "polder/scenarios/scenario.hpp"

namespace fs = std::filesystem;
using namespace polder;

namespace {

// A fresh folder under the system temp folder, removed at the end of the test.
class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("polder_scenario_" + std::string(info->name()) + "_" +
                                        std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write("dem.tif", "not really a raster: only its existence is checked");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path write(const std::string& name, const std::string& text) const {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  // A valid minimal scenario with `extra` appended.
  fs::path minimal(const std::string& extra = "", const std::string& simulation = "duration = \"2h\"\n") const {
    return write("scenario.toml", "[scenario]\nname = \"min\"\n[terrain]\ndem = \"dem.tif\"\n[simulation]\n" +
                                      simulation + extra);
  }

  // Loads `file`, expecting a ConfigError; returns it.
  static ConfigError load_error(const fs::path& file) {
    try {
      (void)load_scenario(file);
    } catch (const ConfigError& e) {
      return e;
    }
    ADD_FAILURE() << "no ConfigError for " << file;
    return ConfigError("", "", "");
  }

  fs::path dir_;
};

const char* const full_scenario = R"(# A complete scenario.
[scenario]
name = "dijkring-14_breach.v2"
description = "Two breaches and a river inflow"
reference_time = 2026-01-31T07:00:00+01:00

[terrain]
dem = "terrain/dem.tif"
roughness = "terrain/manning.tif"

[initial]
level = -1.5

[[breach]]
name = "north"
x = 120500.0
y = 487250.5
start = "30min"
initial_width = 20
max_width = 150
initial_crest = 4.5
min_crest = -0.5
lowering_duration = "2h"
f1 = 1.2
f2 = 0.05
critical_velocity = 0.5
outside_level = "levels/north.csv"
max_snap_distance = 100

[[breach]]
name = "south"
x = 121000
y = 486000
min_crest = 0.0
growth = "series"
width_series = "widths.csv"
outside_level = 3.25

[[breach]]
name = "fixed-one"
x = 1
y = 2
min_crest = 1
growth = "fixed"
outside_level = 2

[[inflow]]
name = "river"
line = [[120000, 486000], [120000, 486300], [120400, 486300]]
hydrograph = "q.csv"
unit = "m2/s"

[[inflow]]
name = "pump"
point = [120100.5, 486100]
hydrograph = 12.5
unit = "m3/s"

[boundary]
west = "free"
east = { level = 1.25 }
south = { level = "levels/sea.csv" }

[simulation]
duration = "2d"
cfl = 0.45
precision = "single"
backend = "cpu"
snapshot_interval = "90min"
max_time_step = 30
rise_rate_interval = "1.5h"
series_interval = "120s"
velocity_min_depth = 0.1

[arrival]
thresholds = [0.02, 0.5, 1.5]

[exposure]
population = "pop.tif"

[output]
file = "out/result.h5"
)";

}  // namespace

TEST_F(ScenarioTest, CompleteScenarioParsesIntoExpectedValues) {
  write("terrain/dem.tif", "x");
  write("terrain/manning.tif", "x");
  write("levels/north.csv", "time,level\n0,2.0\n1h,3.0\n2h,2.5\n");
  write("levels/sea.csv", "0,1.0\n6h,1.8\n12h,1.0\n");
  write("widths.csv", "# width against time since opening\n0,5\n30min,40\n2h,80\n");
  write("q.csv", "t,q\n0,0\n3600,1.5\n");
  write("pop.tif", "x");
  const fs::path file = write("scenario.toml", full_scenario);

  const Scenario s = load_scenario(file);
  const fs::path dir = fs::absolute(dir_).lexically_normal();
  EXPECT_EQ(s.file, fs::absolute(file).lexically_normal());
  EXPECT_EQ(s.text, std::string(full_scenario));
  EXPECT_EQ(s.info.name, "dijkring-14_breach.v2");
  EXPECT_EQ(s.info.description, "Two breaches and a river inflow");
  ASSERT_TRUE(s.info.reference_time.has_value());
  EXPECT_EQ(*s.info.reference_time, "2026-01-31T07:00:00+01:00");

  EXPECT_EQ(s.terrain.dem, dir / "terrain" / "dem.tif");
  EXPECT_FALSE(s.terrain.roughness.value.has_value());
  ASSERT_TRUE(s.terrain.roughness.raster.has_value());
  EXPECT_EQ(*s.terrain.roughness.raster, dir / "terrain" / "manning.tif");

  ASSERT_TRUE(s.initial.level.has_value());
  EXPECT_DOUBLE_EQ(*s.initial.level->value, -1.5);
  EXPECT_FALSE(s.initial.depth.has_value());

  ASSERT_EQ(s.breaches.size(), 3u);
  const auto& n = s.breaches[0];
  EXPECT_EQ(n.params.name, "north");
  EXPECT_DOUBLE_EQ(n.x, 120500.0);
  EXPECT_DOUBLE_EQ(n.y, 487250.5);
  EXPECT_DOUBLE_EQ(n.params.start_s, 1800.0);
  EXPECT_DOUBLE_EQ(n.params.initial_width, 20.0);
  EXPECT_DOUBLE_EQ(n.params.max_width, 150.0);
  ASSERT_TRUE(n.params.initial_crest.has_value());
  EXPECT_DOUBLE_EQ(*n.params.initial_crest, 4.5);
  EXPECT_DOUBLE_EQ(n.params.min_crest, -0.5);
  EXPECT_DOUBLE_EQ(n.params.lowering_duration_s, 7200.0);
  EXPECT_EQ(n.params.growth, BreachGrowthModel::verheij_van_der_knaap);
  EXPECT_DOUBLE_EQ(n.params.law.f1, 1.2);
  EXPECT_DOUBLE_EQ(n.params.law.f2, 0.05);
  EXPECT_DOUBLE_EQ(n.params.law.critical_velocity, 0.5);
  EXPECT_DOUBLE_EQ(n.max_snap_distance_m, 100.0);
  EXPECT_EQ(n.outside_level_source, (dir / "levels" / "north.csv").string());
  EXPECT_EQ(n.params.outside_level.times(), (std::vector<double>{0.0, 3600.0, 7200.0}));
  EXPECT_EQ(n.params.outside_level.values(), (std::vector<double>{2.0, 3.0, 2.5}));
  EXPECT_TRUE(n.params.width_series.empty());

  const auto& so = s.breaches[1];
  EXPECT_EQ(so.params.name, "south");
  EXPECT_DOUBLE_EQ(so.params.start_s, 0.0);          // defaults
  EXPECT_DOUBLE_EQ(so.params.initial_width, 10.0);
  EXPECT_DOUBLE_EQ(so.params.max_width, 50.0);
  EXPECT_FALSE(so.params.initial_crest.has_value());
  EXPECT_DOUBLE_EQ(so.params.lowering_duration_s, 3600.0);
  EXPECT_DOUBLE_EQ(so.params.law.f1, 1.3);
  EXPECT_DOUBLE_EQ(so.params.law.f2, 0.04);
  EXPECT_DOUBLE_EQ(so.params.law.critical_velocity, 0.2);
  EXPECT_DOUBLE_EQ(so.max_snap_distance_m, 250.0);
  EXPECT_EQ(so.params.growth, BreachGrowthModel::width_series);
  EXPECT_EQ(so.params.width_series.times(), (std::vector<double>{0.0, 1800.0, 7200.0}));
  EXPECT_EQ(so.params.width_series.values(), (std::vector<double>{5.0, 40.0, 80.0}));
  EXPECT_EQ(so.outside_level_source, "3.25");
  EXPECT_DOUBLE_EQ(so.params.outside_level.at(1e5), 3.25);
  EXPECT_EQ(s.breaches[2].params.growth, BreachGrowthModel::fixed_width);

  ASSERT_EQ(s.inflows.size(), 2u);
  EXPECT_EQ(s.inflows[0].name, "river");
  EXPECT_EQ(s.inflows[0].unit, DischargeUnit::per_metre_m2_per_s);
  ASSERT_EQ(s.inflows[0].points.size(), 3u);
  EXPECT_EQ(s.inflows[0].points[2], (std::pair<double, double>{120400.0, 486300.0}));
  EXPECT_EQ(s.inflows[0].discharge.times(), (std::vector<double>{0.0, 3600.0}));
  EXPECT_EQ(s.inflows[0].discharge.values(), (std::vector<double>{0.0, 1.5}));
  EXPECT_EQ(s.inflows[1].unit, DischargeUnit::total_m3_per_s);
  ASSERT_EQ(s.inflows[1].points.size(), 1u);
  EXPECT_DOUBLE_EQ(s.inflows[1].points[0].first, 120100.5);
  EXPECT_DOUBLE_EQ(s.inflows[1].discharge.at(500.0), 12.5);

  EXPECT_EQ(s.boundary[0].kind, EdgeKind::free);
  EXPECT_EQ(s.boundary[1].kind, EdgeKind::level);
  EXPECT_DOUBLE_EQ(s.boundary[1].level.at(0.0), 1.25);
  EXPECT_EQ(s.boundary[2].kind, EdgeKind::level);
  EXPECT_EQ(s.boundary[2].level.times(), (std::vector<double>{0.0, 21600.0, 43200.0}));
  EXPECT_EQ(s.boundary[3].kind, EdgeKind::closed);

  const auto& sim = s.simulation;
  EXPECT_DOUBLE_EQ(sim.run.duration_s, 172800.0);
  EXPECT_DOUBLE_EQ(sim.run.cfl, 0.45);
  EXPECT_EQ(sim.precision, Precision::single_precision);
  EXPECT_EQ(sim.backend, BackendChoice::cpu);
  EXPECT_DOUBLE_EQ(sim.run.snapshot_interval_s, 5400.0);
  EXPECT_DOUBLE_EQ(sim.run.max_dt_s, 30.0);
  EXPECT_DOUBLE_EQ(sim.run.rise_interval_s, 5400.0);
  EXPECT_DOUBLE_EQ(sim.run.series_interval_s, 120.0);
  EXPECT_DOUBLE_EQ(sim.velocity_min_depth, 0.1);

  EXPECT_EQ(s.thresholds, (std::vector<double>{0.02, 0.5, 1.5}));
  ASSERT_TRUE(s.exposure.population.has_value());
  EXPECT_EQ(*s.exposure.population, dir / "pop.tif");
  ASSERT_TRUE(s.output.file.has_value());
  EXPECT_EQ(*s.output.file, dir / "out" / "result.h5");

  const std::string d = describe(s);
  for (const char* part : {"dijkring-14_breach.v2", "172800 s (2 d)", "north.csv", "verheij-van-der-knaap",
                           "single", "0.02 m, 0.5 m, 1.5 m", "free", "result.h5", "manning.tif", "m2/s"})
    EXPECT_NE(d.find(part), std::string::npos) << part << " missing from:\n" << d;
}

TEST_F(ScenarioTest, MinimalScenarioGetsDefaults) {
  const Scenario s = load_scenario(minimal());
  EXPECT_EQ(s.info.name, "min");
  EXPECT_TRUE(s.info.description.empty());
  EXPECT_FALSE(s.info.reference_time.has_value());
  ASSERT_TRUE(s.terrain.roughness.value.has_value());
  EXPECT_DOUBLE_EQ(*s.terrain.roughness.value, 0.03);
  EXPECT_FALSE(s.initial.level.has_value());
  EXPECT_FALSE(s.initial.depth.has_value());
  EXPECT_TRUE(s.breaches.empty());
  EXPECT_TRUE(s.inflows.empty());
  for (const auto& e : s.boundary) EXPECT_EQ(e.kind, EdgeKind::closed);
  const auto& sim = s.simulation;
  EXPECT_DOUBLE_EQ(sim.run.duration_s, 7200.0);
  EXPECT_DOUBLE_EQ(sim.run.cfl, 0.5);
  EXPECT_EQ(sim.precision, Precision::double_precision);
  EXPECT_EQ(sim.backend, BackendChoice::auto_select);
  EXPECT_DOUBLE_EQ(sim.run.snapshot_interval_s, 3600.0);
  EXPECT_DOUBLE_EQ(sim.run.max_dt_s, 60.0);
  EXPECT_DOUBLE_EQ(sim.run.rise_interval_s, 600.0);
  EXPECT_DOUBLE_EQ(sim.run.series_interval_s, 60.0);
  EXPECT_DOUBLE_EQ(sim.velocity_min_depth, 0.05);
  EXPECT_EQ(s.thresholds, (std::vector<double>{0.02}));
  EXPECT_FALSE(s.exposure.population.has_value());
  EXPECT_FALSE(s.output.file.has_value());
  EXPECT_NE(describe(s).find("none (dry)"), std::string::npos);
}

TEST_F(ScenarioTest, ReferenceTimeAsStringIsNormalised) {
  const Scenario s = load_scenario(write("scenario.toml",
                                         "[scenario]\nname = \"a\"\nreference_time = \"2026-01-31 06:00:00z\"\n"
                                         "[terrain]\ndem = \"dem.tif\"\n[simulation]\nduration = 60\n"));
  EXPECT_EQ(*s.info.reference_time, "2026-01-31T06:00:00Z");
}

TEST_F(ScenarioTest, MaxWidthDefaultFollowsALargeInitialWidth) {
  const Scenario s = load_scenario(
      minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\ninitial_width = 80\noutside_level = 1\n"));
  EXPECT_DOUBLE_EQ(s.breaches[0].params.max_width, 80.0);
}

TEST(ParseDuration, NumbersAndUnits) {
  EXPECT_DOUBLE_EQ(parse_duration_s("90"), 90.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("90s"), 90.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("90min"), 5400.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("12h"), 43200.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("2d"), 172800.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("1.5h"), 5400.0);
  EXPECT_DOUBLE_EQ(parse_duration_s(" 15 min "), 900.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("0.25"), 0.25);
  EXPECT_DOUBLE_EQ(parse_duration_s("-1h"), -3600.0);
  EXPECT_DOUBLE_EQ(parse_duration_s("1e3s"), 1000.0);
}

TEST(ParseDuration, Rejects) {
  for (const char* bad : {"", "  ", "h", "12hr", "5m", "abc", "1,5h", "inf", "nan", "12 h x", "--1"}) {
    EXPECT_THROW((void)parse_duration_s(bad), std::invalid_argument) << bad;
  }
  try {
    (void)parse_duration_s("5m");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("min"), std::string::npos) << e.what();
  }
  try {
    (void)parse_duration_s("12hr");
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("allowed: s, min, h, d"), std::string::npos) << e.what();
  }
}

TEST_F(ScenarioTest, CsvWithHeaderCommentsAndUnits) {
  const auto csv = write("series.csv",
                         "# level at the gauge\r\n"
                         "time, level  # metres\r\n"
                         "\r\n"
                         "0, 1.0\r\n"
                         "# a note between rows\r\n"
                         "30min, 1.5\r\n"
                         "\"2h\",\"2.25\"\r\n"
                         "1d, -0.5,\r\n");
  const TimeSeries ts = read_time_series_csv(csv, "k");
  EXPECT_EQ(ts.times(), (std::vector<double>{0.0, 1800.0, 7200.0, 86400.0}));
  EXPECT_EQ(ts.values(), (std::vector<double>{1.0, 1.5, 2.25, -0.5}));
}

TEST_F(ScenarioTest, CsvWithoutHeader) {
  const TimeSeries ts = read_time_series_csv(write("s.csv", "0,3\n60,4"), "k");
  EXPECT_EQ(ts.times(), (std::vector<double>{0.0, 60.0}));
  EXPECT_EQ(ts.values(), (std::vector<double>{3.0, 4.0}));
}

TEST_F(ScenarioTest, CsvErrorsNameFileKeyAndLine) {
  const auto check = [&](const std::string& text, const std::string& expected) {
    const auto csv = write("bad.csv", text);
    try {
      (void)read_time_series_csv(csv, "breach[0].outside_level");
      ADD_FAILURE() << "no error for " << text;
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.file(), csv.string());
      EXPECT_EQ(e.key(), "breach[0].outside_level");
      EXPECT_NE(e.why().find(expected), std::string::npos) << e.why();
    }
  };
  check("time,value\n0,1\n1h,2\n1h,3\n", "line 4: time 3600 s (1 h) is not after the previous time 3600 s (1 h) (line 3)");
  check("0,1\n60,2\n30,3\n", "line 3:");
  check("time,value\n0,abc\n", "line 2: value 'abc' is not a finite number");
  check("0,1\n60,2,3\n", "line 2: expected 2 comma-separated fields");
  check("0,1\nlater,2\n", "line 2: time:");
  check("0;1\n60;2\n", "line 2: fields must be separated by commas");
  check("time,value\n# nothing\n", "no data rows");
}

TEST_F(ScenarioTest, ErrorMissingScenarioFile) {
  const auto e = load_error(dir_ / "absent.toml");
  EXPECT_EQ(e.file(), (dir_ / "absent.toml").string());
  EXPECT_NE(e.why().find("file not found"), std::string::npos);
}

TEST_F(ScenarioTest, ErrorMalformedToml) {
  const auto file = write("scenario.toml", "[scenario]\nname = \"a\"\n[terrain\ndem = \"dem.tif\"\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_NE(e.why().find("TOML syntax error at line 3"), std::string::npos) << e.what();
  EXPECT_NE(e.why().find("column"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorUnknownKeyWithSuggestion) {
  const auto file = minimal("", "duraton = \"2h\"\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "simulation.duraton");
  EXPECT_EQ(e.why(), "unknown key 'duraton' (did you mean 'duration'?)");
}

TEST_F(ScenarioTest, ErrorUnknownKeyWithoutSuggestionListsAllowedKeys) {
  const auto e = load_error(minimal("[output]\nwhatever = 1\n"));
  EXPECT_EQ(e.key(), "output.whatever");
  EXPECT_NE(e.why().find("allowed keys: file"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorUnknownSection) {
  const auto e = load_error(minimal("[simulaton]\ncfl = 0.4\n"));
  EXPECT_EQ(e.key(), "simulaton");
  EXPECT_EQ(e.why(), "unknown section [simulaton] (did you mean [simulation]?)");
}

TEST_F(ScenarioTest, ErrorUnknownKeyInBreach) {
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                                    "[[breach]]\nname = \"c\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                                    "max_widht = 80\n"));
  EXPECT_EQ(e.key(), "breach[1].max_widht");
  EXPECT_NE(e.why().find("did you mean 'max_width'?"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorWrongType) {
  const auto file = minimal("cfl = \"fast\"\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "simulation.cfl");
  EXPECT_NE(e.why().find("must be a number, got the string \"fast\""), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorWrongTypeOfDuration) {
  const auto e = load_error(minimal("", "duration = true\n"));
  EXPECT_EQ(e.key(), "simulation.duration");
  EXPECT_NE(e.why().find("must be a duration"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorBadDurationUnit) {
  const auto e = load_error(minimal("max_time_step = \"1hr\"\n"));
  EXPECT_EQ(e.key(), "simulation.max_time_step");
  EXPECT_NE(e.why().find("unknown unit 'hr'"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorCflTooLarge) {
  const auto file = minimal("cfl = 0.7\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "simulation.cfl");
  EXPECT_NE(e.why().find("(0, 0.5]"), std::string::npos) << e.what();
  EXPECT_NE(e.why().find("0.7"), std::string::npos) << e.what();
  EXPECT_NE(e.why().find("positivity"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorThresholdsNotAscending) {
  const auto file = minimal("[arrival]\nthresholds = [0.02, 0.5, 0.3]\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "arrival.thresholds");
  EXPECT_NE(e.why().find("strictly ascending"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorTooManyThresholds) {
  const auto e = load_error(minimal("[arrival]\nthresholds = [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"));
  EXPECT_EQ(e.key(), "arrival.thresholds");
  EXPECT_NE(e.why().find("1 to 8"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorMissingDemFile) {
  fs::remove(dir_ / "dem.tif");
  const auto file = minimal();
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "terrain.dem");
  EXPECT_EQ(e.why(), "file not found: " + (fs::absolute(dir_).lexically_normal() / "dem.tif").string());
}

TEST_F(ScenarioTest, ErrorMissingCsvFile) {
  const auto e = load_error(minimal("[boundary]\nnorth = { level = \"nope.csv\" }\n"));
  EXPECT_EQ(e.key(), "boundary.north.level");
  EXPECT_NE(e.why().find("file not found: "), std::string::npos) << e.what();
  EXPECT_NE(e.why().find("nope.csv"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorMissingRequiredKey) {
  const auto file = minimal("", "cfl = 0.3\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "simulation.duration");
  EXPECT_NE(e.why().find("missing required key"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorMissingRequiredBreachKey) {
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\noutside_level = 1\n"));
  EXPECT_EQ(e.key(), "breach[0].min_crest");
  EXPECT_NE(e.why().find("missing required key"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorMissingSection) {
  const auto file = write("scenario.toml", "[scenario]\nname = \"a\"\n[terrain]\ndem = \"dem.tif\"\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.key(), "simulation");
  EXPECT_NE(e.why().find("missing required section [simulation]"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorDuplicateBreachNames) {
  const auto file = minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                            "[[breach]]\nname = \"b\"\nx = 5\ny = 5\nmin_crest = 0\noutside_level = 1\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "breach[1].name");
  EXPECT_NE(e.why().find("duplicate name \"b\": already used by breach[0]"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorNameSharedByBreachAndInflow) {
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                                    "[[inflow]]\nname = \"b\"\npoint = [1, 1]\nhydrograph = 1\nunit = \"m3/s\"\n"));
  EXPECT_EQ(e.key(), "inflow[0].name");
}

TEST_F(ScenarioTest, ErrorNameNotFileNameSafe) {
  const auto e = load_error(write("scenario.toml", "[scenario]\nname = \"my scenario/1\"\n"));
  EXPECT_EQ(e.key(), "scenario.name");
  EXPECT_NE(e.why().find("file name"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorPerMetreDischargeWithPoint) {
  const auto file = minimal("[[inflow]]\nname = \"q\"\npoint = [1, 1]\nhydrograph = 1\nunit = \"m2/s\"\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "inflow[0].unit");
  EXPECT_NE(e.why().find("needs a line"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorUnknownUnitSuggests) {
  const auto e = load_error(minimal("[[inflow]]\nname = \"q\"\npoint = [1, 1]\nhydrograph = 1\nunit = \"m3s\"\n"));
  EXPECT_EQ(e.key(), "inflow[0].unit");
  EXPECT_NE(e.why().find("did you mean \"m3/s\"?"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorLineWithOnePoint) {
  const auto e = load_error(minimal("[[inflow]]\nname = \"q\"\nline = [[1, 1]]\nhydrograph = 1\nunit = \"m3/s\"\n"));
  EXPECT_EQ(e.key(), "inflow[0].line");
  EXPECT_NE(e.why().find("at least 2 points"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorInitialLevelAndDepth) {
  const auto file = minimal("[initial]\nlevel = 1.0\ndepth = 0.5\n");
  const auto e = load_error(file);
  EXPECT_EQ(e.file(), file.string());
  EXPECT_EQ(e.key(), "initial");
  EXPECT_NE(e.why().find("'level' and 'depth'"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorRoughnessOutOfRange) {
  const auto e2 = load_error(write("scenario.toml", "[scenario]\nname = \"a\"\n[terrain]\ndem = \"dem.tif\"\n"
                                                     "roughness = 1.5\n[simulation]\nduration = 60\n"));
  EXPECT_EQ(e2.key(), "terrain.roughness");
  EXPECT_NE(e2.why().find("> 0 and < 1"), std::string::npos) << e2.what();
}

TEST_F(ScenarioTest, ErrorSubTableIsAnUnknownKey) {
  const auto e = load_error(minimal("[terrain.x]\ny = 1\n"));
  EXPECT_EQ(e.key(), "terrain.x");
}

TEST_F(ScenarioTest, ErrorBoundaryWord) {
  const auto e = load_error(minimal("[boundary]\nwest = \"fre\"\n"));
  EXPECT_EQ(e.key(), "boundary.west");
  EXPECT_NE(e.why().find("did you mean \"free\"?"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorBreachAsPlainTable) {
  const auto e = load_error(minimal("[breach]\nname = \"b\"\n"));
  EXPECT_EQ(e.key(), "breach");
  EXPECT_NE(e.why().find("[[breach]]"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorMaxWidthBelowInitialWidth) {
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                                    "initial_width = 30\nmax_width = 20\n"));
  EXPECT_EQ(e.key(), "breach[0].max_width");
  EXPECT_NE(e.why().find(">= initial_width (30 m)"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorSeriesGrowthWithoutWidthSeries) {
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                                    "growth = \"series\"\n"));
  EXPECT_EQ(e.key(), "breach[0].width_series");
  EXPECT_NE(e.why().find("missing required key"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorCsvNonIncreasingTimeNamesCsvAndLine) {
  const auto csv = write("levels.csv", "time,level\n0,1\n2h,2\n1h,3\n");
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\n"
                                    "outside_level = \"levels.csv\"\n"));
  EXPECT_EQ(e.file(), fs::absolute(csv).lexically_normal().string());
  EXPECT_EQ(e.key(), "breach[0].outside_level");
  EXPECT_NE(e.why().find("line 4:"), std::string::npos) << e.what();
  EXPECT_NE(e.why().find("increase strictly"), std::string::npos) << e.what();
}

TEST_F(ScenarioTest, ErrorNegativeWidthInSeriesNamesLine) {
  const auto csv = write("w.csv", "0,5\n1h,-2\n");
  const auto e = load_error(minimal("[[breach]]\nname = \"b\"\nx = 0\ny = 0\nmin_crest = 0\noutside_level = 1\n"
                                    "growth = \"series\"\nwidth_series = \"w.csv\"\n"));
  EXPECT_EQ(e.file(), fs::absolute(csv).lexically_normal().string());
  EXPECT_EQ(e.key(), "breach[0].width_series");
  EXPECT_NE(e.why().find("line 2:"), std::string::npos) << e.what();
}

// The complete example in docs/scenario-file.md must stay valid.
TEST_F(ScenarioTest, DocumentedExampleIsValid) {
  std::ifstream doc(fs::path(POLDER_SOURCE_DIR) / "docs" / "scenario-file.md");
  ASSERT_TRUE(doc) << "docs/scenario-file.md not found";
  const std::string text((std::istreambuf_iterator<char>(doc)), std::istreambuf_iterator<char>());
  const auto section = text.find("## Complete example");
  ASSERT_NE(section, std::string::npos);
  const auto open = text.find("```toml\n", section);
  ASSERT_NE(open, std::string::npos);
  const auto begin = open + 8;
  const auto close = text.find("```", begin);
  ASSERT_NE(close, std::string::npos);
  for (const char* f : {"terrain/dem.tif", "terrain/manning.tif", "population.tif", "farms.csv", "municipalities.geojson"})
    write(f, "x");
  for (const char* f : {"levels/lek.csv", "levels/sea.csv", "widths.csv", "hydrographs/river.csv"})
    write(f, "time,value\n0,1\n1h,2\n");
  const Scenario s = load_scenario(write("example.toml", text.substr(begin, close - begin)));
  EXPECT_EQ(s.breaches.size(), 2u);
  EXPECT_EQ(s.inflows.size(), 2u);
  EXPECT_DOUBLE_EQ(s.simulation.run.duration_s, 3 * 86400.0);
  EXPECT_EQ(s.boundary[1].kind, EdgeKind::free);
  EXPECT_EQ(s.boundary[2].kind, EdgeKind::level);
  EXPECT_EQ(s.exposure.settings.evacuation.lead_time_min, 720.0);
}

TEST(ScenarioBreachLine, APolylineBreachSitsHalfwayAlongIt) {
  const auto dir = std::filesystem::temp_directory_path() / ("polder-breach-line-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "dem.tif") << "x";
  std::ofstream(dir / "s.toml") << "[scenario]\nname = \"l\"\n[terrain]\ndem = \"dem.tif\"\n"
                                   "[[breach]]\nname = \"b\"\nline = [[0.0, 0.0], [100.0, 0.0], [100.0, 300.0]]\n"
                                   "min_crest = 0\noutside_level = 1\n[simulation]\nduration = 60\n";
  const polder::Scenario s = polder::load_scenario(dir / "s.toml");
  ASSERT_EQ(s.breaches.size(), 1u);
  // Total length 400 m: halfway is 100 m up the second leg.
  EXPECT_DOUBLE_EQ(s.breaches[0].x, 100.0);
  EXPECT_DOUBLE_EQ(s.breaches[0].y, 100.0);
  std::ofstream(dir / "s.toml") << "[scenario]\nname = \"l\"\n[terrain]\ndem = \"dem.tif\"\n"
                                   "[[breach]]\nname = \"b\"\nx = 1\nline = [[0.0, 0.0], [1.0, 0.0]]\n"
                                   "min_crest = 0\noutside_level = 1\n[simulation]\nduration = 60\n";
  EXPECT_THROW((void)polder::load_scenario(dir / "s.toml"), polder::ConfigError);
  std::filesystem::remove_all(dir);
}

TEST_F(ScenarioTest, ExposureZones) {
  write("pop.tif", "x");
  write("wijken.gpkg", "x");
  const Scenario s = load_scenario(minimal(
      "[exposure]\npopulation = \"pop.tif\"\nzones = \"wijken.gpkg\"\nzone_name_field = \"naam\"\nzone_id_field = \"code\"\n"));
  const fs::path dir = fs::absolute(dir_).lexically_normal();
  ASSERT_TRUE(s.exposure.zones.has_value());
  EXPECT_EQ(*s.exposure.zones, dir / "wijken.gpkg");
  EXPECT_EQ(s.exposure.zone_name_field, "naam");
  EXPECT_EQ(s.exposure.zone_id_field, std::optional<std::string>("code"));
  EXPECT_NE(describe(s).find("wijken.gpkg"), std::string::npos);

  const Scenario plain = load_scenario(minimal("[exposure]\npopulation = \"pop.tif\"\nzones = \"wijken.gpkg\"\n"));
  EXPECT_EQ(plain.exposure.zone_name_field, "name");
  EXPECT_FALSE(plain.exposure.zone_id_field.has_value());
}

TEST_F(ScenarioTest, ExposureZonesErrors) {
  write("pop.tif", "x");
  write("zones.tif", "x");
  const auto check = [&](const std::string& exposure, const std::string& key, const std::string& why) {
    const auto e = load_error(minimal("[exposure]\n" + exposure));
    EXPECT_EQ(e.key(), key) << exposure;
    EXPECT_NE(e.why().find(why), std::string::npos) << e.why();
  };
  check("population = \"pop.tif\"\nzones = \"absent.geojson\"\n", "exposure.zones", "file not found");
  check("population = \"pop.tif\"\nzones = 3\n", "exposure.zones", "must be a path");
  check("zones = \"zones.tif\"\n", "exposure.zones", "needs something to count per zone");
  check("population = \"pop.tif\"\nzone_name_field = \"naam\"\n", "exposure.zone_name_field",
        "only applies together with exposure.zones");
  check("population = \"pop.tif\"\nzones = \"zones.tif\"\nzone_id_field = \"\"\n", "exposure.zone_id_field",
        "empty string");
  check("population = \"pop.tif\"\nzones = \"zones.tif\"\nzone_name_field = 1\n", "exposure.zone_name_field",
        "must be a string");
  check("population = \"pop.tif\"\nzone = \"zones.tif\"\n", "exposure.zone", "did you mean 'zones'");
  // The priority threshold must be a recorded arrival threshold: found at load, not after the flood.
  check("population = \"pop.tif\"\n[exposure.priority]\nthreshold = 0.3\n", "exposure.priority.threshold",
        "must be one of the arrival thresholds");
}

// Livestock inputs and the evacuation parameters of [exposure] (docs/scenario-file.md).
TEST_F(ScenarioTest, ExposureLivestockAndPriority) {
  write("farms.csv", "x,y,species,head_count\n");
  write("pigs.tif", "x");
  write("zones.tif", "x");
  const Scenario s = load_scenario(minimal(
      "[exposure]\nlivestock = \"farms.csv\"\nspecies_rasters = { pigs = \"pigs.tif\" }\nzones = \"zones.tif\"\n"
      "min_count = 5\nfarm_rows = true\n"
      "[exposure.priority]\nthreshold = 0.5\nlead_time = \"6h\"\ndecision_delay = \"30min\"\ntrucks_per_farm = 3\n"
      "[exposure.species.cattle]\nanimals_per_truck = 25\n"
      "[exposure.species.alpacas]\nloading_time = \"20min\"\n"
      "[arrival]\nthresholds = [0.02, 0.5]\n"));
  EXPECT_EQ(*s.exposure.livestock, dir_ / "farms.csv");
  ASSERT_EQ(s.exposure.species_rasters.size(), 1u);
  EXPECT_EQ(s.exposure.species_rasters[0].first, "pigs");
  const ExposureSettings& e = s.exposure.settings;
  EXPECT_EQ(e.min_count, 5.0);
  EXPECT_TRUE(e.farm_rows);
  EXPECT_EQ(e.evacuation.threshold_m, 0.5);
  EXPECT_EQ(e.evacuation.lead_time_min, 360.0);
  EXPECT_EQ(e.evacuation.decision_delay_min, 30.0);
  EXPECT_EQ(e.evacuation.trucks_per_farm, 3.0);
  EXPECT_EQ(e.evacuation.of("cattle").animals_per_truck, 25.0);
  EXPECT_EQ(e.evacuation.of("cattle").loading_min, 30.0);  // the default stays where not given
  EXPECT_EQ(e.evacuation.of("alpacas").loading_min, 20.0);
  EXPECT_EQ(e.evacuation.of("alpacas").animals_per_truck, e.evacuation.of("other").animals_per_truck);
}

TEST_F(ScenarioTest, ExposureLivestockErrors) {
  write("farms.csv", "x,y,species,head_count\n");
  const auto check = [&](const std::string& exposure, const std::string& key, const std::string& why) {
    const auto e = load_error(minimal("[exposure]\nlivestock = \"farms.csv\"\n" + exposure));
    EXPECT_EQ(e.key(), key) << exposure;
    EXPECT_NE(e.why().find(why), std::string::npos) << e.why();
  };
  check("[exposure.priority]\nlead_tme = 3\n", "exposure.priority.lead_tme", "did you mean 'lead_time'");
  check("[exposure.priority]\npeople_per_vehicle = 0\n", "exposure.priority.people_per_vehicle", "must be > 0");
  check("[exposure.priority]\ntrucks_per_farm = 1.5\n", "exposure.priority.trucks_per_farm", "whole number");
  check("[exposure.priority]\ndecision_delay = \"-1h\"\n", "exposure.priority.decision_delay", "must be >= 0");
  check("[exposure.species.cattle]\nweigth = 1\n", "exposure.species.cattle.weigth", "did you mean 'weight'");
  check("[exposure.species.Cattle]\nweight = 1\n", "exposure.species.Cattle", "lower-case");
  check("farm_rows = \"yes\"\n", "exposure.farm_rows", "true or false");
  check("min_count = -1\n", "exposure.min_count", "must be >= 0");
  check("species_rasters = { cattle = \"absent.tif\" }\n", "exposure.species_rasters.cattle", "file not found");
  const auto e = load_error(minimal("[exposure]\nlivestock = \"absent.csv\"\n"));
  EXPECT_EQ(e.key(), "exposure.livestock");
}
