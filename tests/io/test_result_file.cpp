// The result file, read back with the HDF5 C API (layout, attributes, values) and through GDAL's
// netCDF driver (georeferencing as QGIS sees it).
#include <gdal.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "polder/results/result_file.hpp"

namespace fs = std::filesystem;
using namespace polder;

namespace {

// gdalsrsinfo -o wkt EPSG:28992 (GDAL 3.6)
const char* const rd_new_wkt =
    R"wkt(PROJCRS["Amersfoort / RD New",BASEGEOGCRS["Amersfoort",DATUM["Amersfoort",ELLIPSOID["Bessel 1841",)wkt"
    R"wkt(6377397.155,299.1528128,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",)wkt"
    R"wkt(0.0174532925199433]],ID["EPSG",4289]],CONVERSION["RD New",METHOD["Oblique Stereographic",)wkt"
    R"wkt(ID["EPSG",9809]],PARAMETER["Latitude of natural origin",52.1561605555556,ANGLEUNIT["degree",)wkt"
    R"wkt(0.0174532925199433],ID["EPSG",8801]],PARAMETER["Longitude of natural origin",5.38763888888889,)wkt"
    R"wkt(ANGLEUNIT["degree",0.0174532925199433],ID["EPSG",8802]],PARAMETER["Scale factor at natural origin",)wkt"
    R"wkt(0.9999079,SCALEUNIT["unity",1],ID["EPSG",8805]],PARAMETER["False easting",155000,LENGTHUNIT["metre",1],)wkt"
    R"wkt(ID["EPSG",8806]],PARAMETER["False northing",463000,LENGTHUNIT["metre",1],ID["EPSG",8807]]],)wkt"
    R"wkt(CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing (Y)",north,)wkt"
    R"wkt(ORDER[2],LENGTHUNIT["metre",1]],USAGE[SCOPE["Engineering survey, topographic mapping."],)wkt"
    R"wkt(AREA["Netherlands - onshore, including Waddenzee, Dutch Wadden Islands and 12-mile offshore coastal )wkt"
    R"wkt(zone."],BBOX[50.75,3.2,53.7,7.22]],ID["EPSG",28992]])wkt";

constexpr int nx = 4, ny = 3;
constexpr std::int32_t int_fill = -2147483647;
constexpr float float_fill = -9999.0f;

// Everything a result file can hold, on a 4 × 3 grid whose south-west and north-east cells are
// outside the model.
struct Fixture {
  SimulationResult sim;
  ResultContent content;

  Fixture() {
    const std::size_t n = nx * ny;
    GridGeometry& g = content.geometry;
    g.nx = nx;
    g.ny = ny;
    g.x_min = 120000.0;
    g.y_min = 480000.0;
    g.dx = 25.0;
    g.dy = 20.0;  // unlike dx, so that swapped axes show
    g.crs_wkt = rd_new_wkt;
    content.active.assign(n, 1);
    content.active[g.index(0, 0)] = 0;
    content.active[g.index(3, 2)] = 0;
    content.thresholds = {0.02, 0.5};

    TrackedMaps& m = sim.maps;
    m.arrival_minute.assign(2 * n, -1);
    for (std::size_t k = 0; k < n; ++k) m.arrival_minute[k] = static_cast<std::int32_t>(2 * k);
    m.arrival_minute[g.index(1, 1)] = -1;  // never reached
    m.arrival_minute[n + g.index(2, 1)] = 30;
    m.max_depth.resize(n);
    m.time_of_max_depth_min.resize(n);
    m.max_speed.resize(n);
    m.max_rise_rate.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      m.max_depth[k] = 0.25 * double(k);
      m.time_of_max_depth_min[k] = 10.0 + double(k);
      m.max_speed[k] = 0.1 * double(k);
      m.max_rise_rate[k] = 0.5 * double(k);
    }
    m.max_depth[g.index(1, 1)] = 0.0;  // dry: no time of maximum

    for (double t : {600.0, 1200.0}) {
      Snapshot s;
      s.time_s = t;
      for (std::size_t k = 0; k < n; ++k) {
        s.depth.push_back(float(t / 1000.0 + double(k)));
        s.velocity_x.push_back(0.5f);
        s.velocity_y.push_back(-0.25f);
      }
      sim.snapshots.push_back(s);
    }

    BreachParams p;
    p.name = "north_dike";
    p.outside_level = TimeSeries::constant(2.0);
    p.growth = BreachGrowthModel::fixed_width;
    Breach breach(p, g.index(2, 2), -1.0);
    breach.record(0.0, -1.0);
    for (int step = 0; step < 3; ++step) {
      breach.finish_step(60.0 * step, 60.0, 600.0, -0.5 + 0.1 * step);
      breach.record(60.0 * (step + 1), -0.5 + 0.1 * step);
    }
    sim.breaches.push_back(breach);
    content.breach_locations.push_back(
        {"north_dike", 120060.0, 480059.0, g.x_center(2), g.y_center(2), 2, 0, 10.5});
    sim.inflows.push_back({"river", {0.0, 60.0}, {5.0, 6.0}, {0.0, 330.0}});

    sim.volume = {1000.0, 2130.0, 30.0, 3100.0};
    sim.backend = "cpu";
    sim.end_time_s = 1200.0;
    content.simulation = &sim;

    ExposureCurves e;
    e.minute = {0, 1, 2, 3};
    e.people_reached = {{0, 5, 12, 20}, {0, 0, 3, 3}};
    e.people_new = {{0, 5, 7, 8}, {0, 0, 3, 0}};
    e.population_in_domain = 40.0;
    e.population_outside_domain = 2.0;
    content.exposure = e;

    ZoneExposure z;
    ZoneRow north;
    north.name = "Noord – dijk";  // UTF-8
    north.zone_id = 12;
    north.people = 30.0;
    north.first_arrival = 1;
    north.minutes_to_percent[0] = 1;  // 10 %, 50 %; 90 % never
    north.minutes_to_percent[1] = 2;
    for (double& v : north.people_within) v = 17.0;
    north.max_depth_mean = 0.75;
    north.max_depth_max = 1.5;
    north.flooded_area_km2 = 0.002;
    ZoneRow south;
    south.name = "south";
    south.zone_id = 4;
    south.people = 8.0;
    z.zones = {north, south};
    z.people_reached = {{{0, 5, 12, 17}, {0, 0, 0, 0}}, {{0, 0, 3, 3}, {0, 0, 0, 0}}};
    z.people_outside_zones = 2.0;
    content.zone_exposure = z;

    content.scenario_name = "test polder";
    content.scenario_text = "name = \"test polder\"  # Krimpenerwaard – Lekdijk\n";  // UTF-8
    content.resolved_configuration = "duration 1200 s";
    content.reference_time = "2024-01-01T00:00:00Z";
    content.summary = {{"flooded_area_m2", 5500.0}, {"people_reached", 20.0}};
  }
};

// A fresh directory per test, removed afterwards.
class ResultFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("polder_results_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  void TearDown() override { fs::remove_all(dir_); }
  [[nodiscard]] std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    return names;
  }
  fs::path dir_;
};

// Minimal read-back helpers; each opens what it needs and closes it again.
class File {
 public:
  explicit File(const fs::path& path) : id_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {}
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  ~File() {
    if (id_ >= 0) H5Fclose(id_);
  }
  [[nodiscard]] bool ok() const { return id_ >= 0; }
  [[nodiscard]] bool exists(const std::string& path) const {
    return H5Oexists_by_name(id_, path.c_str(), H5P_DEFAULT) > 0;
  }

  [[nodiscard]] std::string text(const std::string& object, const std::string& name) const {
    const hid_t attr = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0) return "<missing>";
    const hid_t type = H5Aget_type(attr);
    std::string value;
    if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) == 0) {
      value.resize(H5Tget_size(type));
      H5Aread(attr, type, value.data());
      value.erase(value.find_last_not_of('\0') + 1);
    } else {
      value = "<not a fixed-length string>";
    }
    H5Tclose(type);
    H5Aclose(attr);
    return value;
  }

  template <class T>
  [[nodiscard]] std::vector<T> numbers(const std::string& object, const std::string& name) const {
    const hid_t attr = H5Aopen_by_name(id_, object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    if (attr < 0) return {};
    const hid_t space = H5Aget_space(attr);
    std::vector<T> values(std::size_t(H5Sget_simple_extent_npoints(space)));
    H5Aread(attr, memory_type<T>(), values.data());
    H5Sclose(space);
    H5Aclose(attr);
    return values;
  }

  [[nodiscard]] std::vector<hsize_t> shape(const std::string& path) const {
    const hid_t ds = H5Dopen2(id_, path.c_str(), H5P_DEFAULT);
    if (ds < 0) return {};
    const hid_t space = H5Dget_space(ds);
    std::vector<hsize_t> dims(std::size_t(H5Sget_simple_extent_ndims(space)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    H5Sclose(space);
    H5Dclose(ds);
    return dims;
  }

  template <class T>
  [[nodiscard]] std::vector<T> data(const std::string& path) const {
    const hid_t ds = H5Dopen2(id_, path.c_str(), H5P_DEFAULT);
    if (ds < 0) return {};
    const hid_t space = H5Dget_space(ds);
    std::vector<T> values(std::size_t(H5Sget_simple_extent_npoints(space)));
    H5Dread(ds, memory_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Sclose(space);
    H5Dclose(ds);
    return values;
  }

  // A 1-D variable-length string dataset (how the zone names are stored).
  [[nodiscard]] std::vector<std::string> strings(const std::string& path) const {
    const hid_t ds = H5Dopen2(id_, path.c_str(), H5P_DEFAULT);
    if (ds < 0) return {};
    const hid_t type = H5Dget_type(ds);
    const hid_t space = H5Dget_space(ds);
    std::vector<std::string> out;
    if (H5Tis_variable_str(type) > 0) {
      std::vector<char*> raw(std::size_t(H5Sget_simple_extent_npoints(space)));
      H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data());
      for (char* r : raw) out.emplace_back(r ? r : "");
      H5Dvlen_reclaim(type, space, H5P_DEFAULT, raw.data());
    }
    H5Sclose(space);
    H5Tclose(type);
    H5Dclose(ds);
    return out;
  }

  // Whether `scale` is a dimension scale attached to dimension `dim` of `path`.
  [[nodiscard]] bool attached(const std::string& path, const std::string& scale, unsigned dim) const {
    const hid_t ds = H5Dopen2(id_, path.c_str(), H5P_DEFAULT);
    const hid_t sc = H5Dopen2(id_, scale.c_str(), H5P_DEFAULT);
    const bool yes = ds >= 0 && sc >= 0 && H5DSis_scale(sc) > 0 && H5DSis_attached(ds, sc, dim) > 0;
    if (sc >= 0) H5Dclose(sc);
    if (ds >= 0) H5Dclose(ds);
    return yes;
  }

 private:
  template <class T>
  static hid_t memory_type() {
    if constexpr (std::is_same_v<T, double>) return H5T_NATIVE_DOUBLE;
    if constexpr (std::is_same_v<T, float>) return H5T_NATIVE_FLOAT;
    if constexpr (std::is_same_v<T, std::int32_t>) return H5T_NATIVE_INT32;
    if constexpr (std::is_same_v<T, std::uint8_t>) return H5T_NATIVE_UINT8;
  }
  hid_t id_;
};

std::size_t at(int i, int j) { return std::size_t(j) * nx + std::size_t(i); }

}  // namespace

TEST_F(ResultFile, RootAttributesAndCrs) {
  const Fixture fx;
  const fs::path path = dir_ / "result.h5";
  write_result_file(path, fx.content);
  const File f(path);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.text("/", "Conventions"), "CF-1.8");
  EXPECT_EQ(f.numbers<std::int32_t>("/", "complete"), std::vector<std::int32_t>{1});
  EXPECT_EQ(f.text("/", "schema_version"), result_schema_version);
  EXPECT_EQ(f.text("/", "scenario_name"), "test polder");
  EXPECT_EQ(f.text("/", "scenario"), fx.content.scenario_text);
  EXPECT_EQ(f.text("/", "resolved_configuration"), "duration 1200 s");
  EXPECT_EQ(f.text("/", "reference_time"), "2024-01-01T00:00:00Z");
  EXPECT_FALSE(f.text("/", "polder_version").empty());
  EXPECT_NE(f.text("/", "history"), "<missing>");
  EXPECT_NE(f.text("/", "title"), "<missing>");
  EXPECT_EQ(f.numbers<double>("/", "summary_flooded_area_m2"), std::vector<double>{5500.0});
  EXPECT_EQ(f.numbers<double>("/", "summary_people_reached"), std::vector<double>{20.0});
  EXPECT_EQ(f.numbers<double>("/", "volume_initial_m3"), std::vector<double>{1000.0});
  EXPECT_EQ(f.numbers<double>("/", "volume_injected_m3"), std::vector<double>{2130.0});
  EXPECT_EQ(f.numbers<double>("/", "volume_outflow_m3"), std::vector<double>{30.0});
  EXPECT_EQ(f.numbers<double>("/", "volume_stored_m3"), std::vector<double>{3100.0});
  EXPECT_EQ(f.numbers<double>("/", "volume_relative_error"), std::vector<double>{fx.sim.volume.relative_error()});

  EXPECT_EQ(f.shape("/crs"), std::vector<hsize_t>{});
  EXPECT_EQ(f.text("/crs", "crs_wkt"), rd_new_wkt);
  EXPECT_EQ(f.text("/crs", "spatial_ref"), rd_new_wkt);
  EXPECT_EQ(f.text("/crs", "grid_mapping_name"), "oblique_stereographic");
  EXPECT_EQ(f.numbers<double>("/crs", "false_easting"), std::vector<double>{155000.0});
  EXPECT_EQ(f.numbers<double>("/crs", "semi_major_axis"), std::vector<double>{6377397.155});
  EXPECT_EQ(f.text("/crs", "GeoTransform"), "120000 25 0 480060 0 -20");

  EXPECT_EQ(f.data<double>("/threshold"), fx.content.thresholds);
  EXPECT_EQ(f.text("/threshold", "units"), "m");
  // Nothing but the result is left beside it.
  EXPECT_EQ(entries(), std::vector<std::string>{"result.h5"});
}

TEST_F(ResultFile, MapsWithCoordinatesAndFillValues) {
  const Fixture fx;
  const fs::path path = dir_ / "result.h5";
  write_result_file(path, fx.content);
  const File f(path);
  ASSERT_TRUE(f.ok());

  EXPECT_EQ(f.data<double>("/maps/x"), (std::vector<double>{120012.5, 120037.5, 120062.5, 120087.5}));
  EXPECT_EQ(f.data<double>("/maps/y"), (std::vector<double>{480010.0, 480030.0, 480050.0}));  // ascending
  EXPECT_EQ(f.text("/maps/x", "standard_name"), "projection_x_coordinate");
  EXPECT_EQ(f.text("/maps/y", "axis"), "Y");
  EXPECT_EQ(f.text("/maps/y", "units"), "m");

  ASSERT_EQ(f.shape("/maps/arrival_time"), (std::vector<hsize_t>{2, ny, nx}));
  EXPECT_TRUE(f.attached("/maps/arrival_time", "/threshold", 0));
  EXPECT_TRUE(f.attached("/maps/arrival_time", "/maps/y", 1));
  EXPECT_TRUE(f.attached("/maps/arrival_time", "/maps/x", 2));
  EXPECT_EQ(f.numbers<std::int32_t>("/maps/arrival_time", "_FillValue"), std::vector<std::int32_t>{int_fill});
  EXPECT_EQ(f.text("/maps/arrival_time", "units"), "minutes since 2024-01-01T00:00:00Z");
  EXPECT_EQ(f.text("/maps/arrival_time", "grid_mapping"), "crs");
  const auto arrival = f.data<std::int32_t>("/maps/arrival_time");
  const std::size_t n = nx * ny;
  EXPECT_EQ(arrival[at(0, 0)], int_fill);  // inactive
  EXPECT_EQ(arrival[at(3, 2)], int_fill);  // inactive
  EXPECT_EQ(arrival[at(1, 1)], int_fill);  // never reached
  EXPECT_EQ(arrival[at(1, 0)], 2);
  EXPECT_EQ(arrival[at(2, 2)], 2 * std::int32_t(at(2, 2)));
  EXPECT_EQ(arrival[n + at(2, 1)], 30);
  EXPECT_EQ(arrival[n + at(1, 0)], int_fill);

  const std::pair<const char*, const char*> float_maps[] = {{"max_depth", "m"},
                                                            {"max_velocity", "m s-1"},
                                                            {"time_of_max_depth", "minutes since 2024-01-01T00:00:00Z"},
                                                            {"max_rise_rate", "m h-1"}};
  for (const auto& [name, units] : float_maps) {
    const std::string p = std::string("/maps/") + name;
    SCOPED_TRACE(p);
    ASSERT_EQ(f.shape(p), (std::vector<hsize_t>{ny, nx}));
    EXPECT_EQ(f.numbers<float>(p, "_FillValue"), std::vector<float>{float_fill});
    EXPECT_EQ(f.text(p, "units"), units);
    EXPECT_EQ(f.text(p, "grid_mapping"), "crs");
    EXPECT_NE(f.text(p, "long_name"), "<missing>");
    EXPECT_TRUE(f.attached(p, "/maps/y", 0));
    EXPECT_TRUE(f.attached(p, "/maps/x", 1));
    const auto v = f.data<float>(p);
    EXPECT_EQ(v[at(0, 0)], float_fill);
    EXPECT_EQ(v[at(3, 2)], float_fill);
  }
  const auto depth = f.data<float>("/maps/max_depth");
  EXPECT_FLOAT_EQ(depth[at(2, 1)], 0.25f * float(at(2, 1)));
  EXPECT_FLOAT_EQ(depth[at(1, 1)], 0.0f);
  const auto time_of_max = f.data<float>("/maps/time_of_max_depth");
  EXPECT_EQ(time_of_max[at(1, 1)], float_fill);  // never wet
  EXPECT_FLOAT_EQ(time_of_max[at(2, 1)], 10.0f + float(at(2, 1)));
  EXPECT_FLOAT_EQ(f.data<float>("/maps/max_velocity")[at(1, 2)], 0.1f * float(at(1, 2)));

  const auto domain = f.data<std::uint8_t>("/maps/domain");
  ASSERT_EQ(domain.size(), n);
  EXPECT_EQ(domain[at(0, 0)], 0);
  EXPECT_EQ(domain[at(1, 0)], 1);
}

TEST_F(ResultFile, SnapshotsExposureBreachesAndInflows) {
  const Fixture fx;
  const fs::path path = dir_ / "result.h5";
  write_result_file(path, fx.content);
  const File f(path);
  ASSERT_TRUE(f.ok());

  EXPECT_EQ(f.data<double>("/snapshots/time"), (std::vector<double>{600.0, 1200.0}));
  EXPECT_EQ(f.text("/snapshots/time", "units"), "seconds since 2024-01-01T00:00:00Z");
  EXPECT_EQ(f.data<double>("/snapshots/y"), f.data<double>("/maps/y"));
  for (const char* name : {"depth", "velocity_x", "velocity_y"}) {
    const std::string p = std::string("/snapshots/") + name;
    SCOPED_TRACE(p);
    ASSERT_EQ(f.shape(p), (std::vector<hsize_t>{2, ny, nx}));
    EXPECT_TRUE(f.attached(p, "/snapshots/time", 0));
    EXPECT_TRUE(f.attached(p, "/snapshots/y", 1));
    EXPECT_TRUE(f.attached(p, "/snapshots/x", 2));
    EXPECT_EQ(f.text(p, "grid_mapping"), "crs");
    EXPECT_EQ(f.numbers<float>(p, "_FillValue"), std::vector<float>{float_fill});
  }
  const auto depth = f.data<float>("/snapshots/depth");
  EXPECT_EQ(depth[at(0, 0)], float_fill);
  EXPECT_FLOAT_EQ(depth[nx * ny + at(1, 2)], float(1.2 + double(at(1, 2))));

  ASSERT_EQ(f.shape("/exposure/people_reached"), (std::vector<hsize_t>{2, 4}));
  EXPECT_TRUE(f.attached("/exposure/people_reached", "/threshold", 0));
  EXPECT_TRUE(f.attached("/exposure/people_new", "/exposure/minute", 1));
  EXPECT_EQ(f.data<double>("/exposure/people_reached"), (std::vector<double>{0, 5, 12, 20, 0, 0, 3, 3}));
  EXPECT_EQ(f.data<std::int32_t>("/exposure/minute"), (std::vector<std::int32_t>{0, 1, 2, 3}));
  EXPECT_EQ(f.numbers<double>("/exposure", "population_outside_domain"), std::vector<double>{2.0});

  const std::string z = "/exposure/zones";
  EXPECT_EQ(f.data<std::int32_t>(z + "/zone"), (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(f.strings(z + "/name"), (std::vector<std::string>{"Noord – dijk", "south"}));
  EXPECT_EQ(f.data<std::int32_t>(z + "/zone_id"), (std::vector<std::int32_t>{12, 4}));
  EXPECT_EQ(f.data<double>(z + "/people"), (std::vector<double>{30.0, 8.0}));
  EXPECT_EQ(f.data<std::int32_t>(z + "/first_arrival"), (std::vector<std::int32_t>{1, int_fill}));
  EXPECT_EQ(f.numbers<std::int32_t>(z + "/first_arrival", "_FillValue"), std::vector<std::int32_t>{int_fill});
  EXPECT_EQ(f.data<std::int32_t>(z + "/minutes_to_50_percent"), (std::vector<std::int32_t>{2, int_fill}));
  EXPECT_EQ(f.data<std::int32_t>(z + "/minutes_to_90_percent"), (std::vector<std::int32_t>{int_fill, int_fill}));
  EXPECT_EQ(f.data<double>(z + "/people_within_48h"), (std::vector<double>{17.0, 0.0}));
  EXPECT_EQ(f.data<double>(z + "/max_depth_max"), (std::vector<double>{1.5, 0.0}));
  EXPECT_EQ(f.data<double>(z + "/flooded_area_km2"), (std::vector<double>{0.002, 0.0}));
  EXPECT_EQ(f.numbers<double>(z, "people_outside_zones"), std::vector<double>{2.0});
  for (const char* name : {"zone_id", "people", "first_arrival", "minutes_to_10_percent", "minutes_to_50_percent",
                           "minutes_to_90_percent", "people_within_1h", "people_within_3h", "people_within_6h",
                           "people_within_12h", "people_within_24h", "people_within_48h", "max_depth_mean",
                           "max_depth_max", "flooded_area_km2", "name"}) {
    const std::string p = z + "/" + name;
    SCOPED_TRACE(p);
    EXPECT_EQ(f.shape(p), std::vector<hsize_t>{2});
    EXPECT_TRUE(f.attached(p, z + "/zone", 0));
    EXPECT_NE(f.text(p, "long_name"), "<missing>");
  }
  EXPECT_EQ(f.text(z + "/people", "units"), "1");
  EXPECT_EQ(f.text(z + "/max_depth_mean", "units"), "m");
  EXPECT_EQ(f.text(z + "/first_arrival", "units"), "minutes since 2024-01-01T00:00:00Z");
  ASSERT_EQ(f.shape(z + "/people_reached"), (std::vector<hsize_t>{2, 2, 4}));
  EXPECT_TRUE(f.attached(z + "/people_reached", "/threshold", 0));
  EXPECT_TRUE(f.attached(z + "/people_reached", z + "/zone", 1));
  EXPECT_TRUE(f.attached(z + "/people_reached", "/exposure/minute", 2));
  EXPECT_EQ(f.data<double>(z + "/people_reached"),
            (std::vector<double>{0, 5, 12, 17, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0}));

  const std::string b = "/breach/north_dike";
  EXPECT_EQ(f.data<double>(b + "/time"), (std::vector<double>{0, 60, 120, 180}));
  EXPECT_EQ(f.data<double>(b + "/volume"), (std::vector<double>{0, 600, 1200, 1800}));
  for (const char* name : {"discharge", "width", "crest_level", "head_difference", "outside_level", "inside_level"}) {
    EXPECT_EQ(f.shape(b + "/" + name), std::vector<hsize_t>{4}) << name;
    EXPECT_TRUE(f.attached(b + "/" + name, b + "/time", 0)) << name;
  }
  EXPECT_EQ(f.text(b + "/discharge", "units"), "m3 s-1");
  EXPECT_EQ(f.numbers<std::int32_t>(b, "column"), std::vector<std::int32_t>{2});
  EXPECT_EQ(f.numbers<std::int32_t>(b, "row"), std::vector<std::int32_t>{0});
  EXPECT_EQ(f.numbers<double>(b, "snap_distance_m"), std::vector<double>{10.5});
  EXPECT_EQ(f.numbers<double>(b, "cell_y"), std::vector<double>{480050.0});

  EXPECT_EQ(f.data<double>("/inflow/river/discharge"), (std::vector<double>{5.0, 6.0}));
  EXPECT_TRUE(f.attached("/inflow/river/volume", "/inflow/river/time", 0));
}

TEST_F(ResultFile, OptionalPartsAndPlainTimeUnits) {
  Fixture fx;
  fx.content.reference_time.reset();
  fx.content.exposure.reset();
  fx.content.zone_exposure.reset();
  fx.sim.snapshots.clear();
  fx.sim.inflows.clear();
  fx.content.thresholds = {0.02};
  fx.sim.maps.arrival_minute.resize(nx * ny);
  fx.content.scenario_text.assign(200000, 'x');  // beyond HDF5's 64 KiB compact attribute limit
  const fs::path path = dir_ / "plain.h5";
  write_result_file(path, fx.content);
  const File f(path);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.text("/maps/arrival_time", "units"), "minutes");
  EXPECT_EQ(f.text("/maps/arrival_time", "description"), "time since the simulation start");
  EXPECT_EQ(f.text("/breach/north_dike/time", "units"), "s");
  EXPECT_EQ(f.shape("/threshold"), std::vector<hsize_t>{1});
  EXPECT_EQ(f.shape("/maps/arrival_time"), (std::vector<hsize_t>{1, ny, nx}));
  EXPECT_FALSE(f.exists("/snapshots"));
  EXPECT_FALSE(f.exists("/exposure"));
  EXPECT_FALSE(f.exists("/inflow"));
  EXPECT_EQ(f.text("/", "reference_time"), "<missing>");
  EXPECT_EQ(f.text("/", "scenario").size(), 200000u);
  EXPECT_EQ(f.numbers<std::int32_t>("/", "complete"), std::vector<std::int32_t>{1});
}

TEST_F(ResultFile, ReplacesAnExistingFile) {
  Fixture fx;
  const fs::path path = dir_ / "result.h5";
  write_result_file(path, fx.content);
  fx.content.scenario_name = "second";
  write_result_file(path, fx.content);
  EXPECT_EQ(File(path).text("/", "scenario_name"), "second");
  EXPECT_EQ(entries(), std::vector<std::string>{"result.h5"});
}

TEST_F(ResultFile, MissingDirectoryThrowsAndLeavesNoFile) {
  const Fixture fx;
  const fs::path path = dir_ / "no_such_dir" / "result.h5";
  try {
    write_result_file(path, fx.content);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(entries().empty());
}

TEST_F(ResultFile, FailedRenameRemovesThePartialFile) {
  const Fixture fx;
  const fs::path path = dir_ / "occupied";
  fs::create_directories(path / "inside");  // a non-empty directory cannot be replaced by a file
  EXPECT_THROW(write_result_file(path, fx.content), IoError);
  EXPECT_EQ(entries(), std::vector<std::string>{"occupied"});
}

TEST_F(ResultFile, FailureHalfwayRemovesThePartialFile) {
  Fixture fx;
  fx.sim.breaches.push_back(fx.sim.breaches.front());  // a second group of the same name fails
  fx.content.breach_locations.push_back(fx.content.breach_locations.front());
  const fs::path path = dir_ / "result.h5";
  try {
    write_result_file(path, fx.content);
    FAIL() << "expected IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/breach/north_dike"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(entries().empty());
}

TEST_F(ResultFile, InconsistentContentThrowsBeforeWriting) {
  Fixture fx;
  fx.sim.maps.max_depth.pop_back();
  EXPECT_THROW(write_result_file(dir_ / "result.h5", fx.content), IoError);
  fx = Fixture();
  fx.content.simulation = nullptr;
  EXPECT_THROW(write_result_file(dir_ / "result.h5", fx.content), IoError);
  EXPECT_TRUE(entries().empty());
}

// What QGIS sees: GDAL's netCDF driver must find the CRS, a north-up geotransform and the rows
// flipped so that the first GDAL row is the northern one.
TEST_F(ResultFile, GdalReadsItGeoreferenced) {
  const Fixture fx;
  const fs::path path = dir_ / "result.h5";
  write_result_file(path, fx.content);
  GDALAllRegister();
  const std::string name = "NETCDF:" + path.string() + ":/maps/max_depth";
  GDALDatasetH ds = GDALOpen(name.c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr) << CPLGetLastErrorMsg();
  EXPECT_EQ(GDALGetRasterXSize(ds), nx);
  EXPECT_EQ(GDALGetRasterYSize(ds), ny);
  double gt[6] = {};
  ASSERT_EQ(GDALGetGeoTransform(ds, gt), CE_None);
  EXPECT_DOUBLE_EQ(gt[0], 120000.0);
  EXPECT_DOUBLE_EQ(gt[1], 25.0);
  EXPECT_DOUBLE_EQ(gt[2], 0.0);
  EXPECT_DOUBLE_EQ(gt[3], 480060.0);
  EXPECT_DOUBLE_EQ(gt[4], 0.0);
  EXPECT_DOUBLE_EQ(gt[5], -20.0);
  OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
  ASSERT_NE(srs, nullptr);
  ASSERT_NE(OSRGetAuthorityCode(srs, nullptr), nullptr);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "28992");

  GDALRasterBandH band = GDALGetRasterBand(ds, 1);
  int has_nodata = 0;
  EXPECT_EQ(GDALGetRasterNoDataValue(band, &has_nodata), -9999.0);
  EXPECT_TRUE(has_nodata);
  std::vector<float> rows(nx * ny);
  ASSERT_EQ(GDALRasterIO(band, GF_Read, 0, 0, nx, ny, rows.data(), nx, ny, GDT_Float32, 0, 0), CE_None);
  EXPECT_EQ(rows[0 * nx + 3], float_fill);                          // north-east cell (3, 2), inactive
  EXPECT_FLOAT_EQ(rows[0 * nx + 1], 0.25f * float(at(1, ny - 1)));  // GDAL row 0 = northern row j = 2
  EXPECT_FLOAT_EQ(rows[(ny - 1) * nx + 1], 0.25f * float(at(1, 0)));
  EXPECT_EQ(rows[(ny - 1) * nx + 0], float_fill);                  // south-west cell
  GDALClose(ds);
}
