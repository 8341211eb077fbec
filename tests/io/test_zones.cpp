// Exposure per zone: zone rasters and polygons placed on the flood grid by cell centre, and the
// per-zone curves and table on a hand-built 4 × 4 case whose every figure is worked out below.
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <filesystem>
#include <string>
#include <vector>

#include "polder/exposure/zone_exposure.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/grids/io/zone_outlines.hpp"
#include "polder/grids/io/zones.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace polder;

namespace {

std::string rd_new_wkt() {
  OGRSpatialReference srs;
  srs.importFromEPSG(28992);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt;
  CPLFree(wkt);
  return out;
}

// 4 columns × 3 rows of 10 m at (100000, 400000) in RD New.
GridGeometry small_grid() {
  GridGeometry g;
  g.nx = 4;
  g.ny = 3;
  g.x_min = 100000.0;
  g.y_min = 400000.0;
  g.dx = 10.0;
  g.dy = 10.0;
  g.crs_wkt = rd_new_wkt();
  return g;
}

// Square-ish polygon from (x0, y0) to (x1, y1).
std::string feature(const std::string& properties, double x0, double y0, double x1, double y1) {
  const auto p = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
  return R"({"type":"Feature","properties":)" + properties + R"(,"geometry":{"type":"Polygon","coordinates":[[)" +
         p(x0, y0) + "," + p(x1, y0) + "," + p(x1, y1) + "," + p(x0, y1) + "," + p(x0, y0) + "]]}}";
}

std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
  for (std::size_t k = 0; k < features.size(); ++k) out += (k ? "," : "") + features[k];
  return out + "]}";
}

}  // namespace

TEST(Zones, PolygonsAreRasterisedByCellCentre) {
  const fs::path dir = polder::test::fresh_dir("zones_vector");
  // West covers columns 0-1; East covers 40 % of column 2 (not its centres) and rows 1-2 of
  // column 3; Far lies off the grid and is left out of the list.
  polder::test::write_text(dir / "zones.geojson",
                           collection({feature(R"({"naam":"West","zone_id":7})", 100000, 400000, 100020, 400030),
                                       feature(R"({"naam":"East","zone_id":3})", 100026, 400010, 100040, 400030),
                                       feature(R"({"naam":"Far","zone_id":9})", 200000, 500000, 200100, 500100)}));
  const GridGeometry g = small_grid();
  const ZoneMap z = zones_on_grid(dir / "zones.geojson", g, ZoneOptions{"naam", std::string("zone_id")});
  EXPECT_EQ(z.names, (std::vector<std::string>{"West", "East"}));
  EXPECT_EQ(z.ids, (std::vector<std::int32_t>{7, 3}));
  // Rows from the south: row 0 has no East cell.
  EXPECT_EQ(z.zone_of_cell, (std::vector<std::int32_t>{0, 0, -1, -1,  //
                                                        0, 0, -1, 1,   //
                                                        0, 0, -1, 1}));

  // Without an id field the ids are the features' positions in the file.
  const ZoneMap by_order = zones_on_grid(dir / "zones.geojson", g, ZoneOptions{"naam", std::nullopt});
  EXPECT_EQ(by_order.ids, (std::vector<std::int32_t>{1, 2}));

  EXPECT_THROW((void)zones_on_grid(dir / "zones.geojson", g, ZoneOptions{}), RasterError);  // no "name"
  polder::test::write_text(dir / "far.geojson",
                           collection({feature(R"({"name":"Far"})", 200000, 500000, 200100, 500100)}));
  EXPECT_THROW((void)zones_on_grid(dir / "far.geojson", g), RasterError);

  // Points are no zones (they would claim whichever cell they fall in).
  polder::test::write_text(dir / "points.geojson",
                           R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},)"
                           R"("geometry":{"type":"Point","coordinates":[100005,400005]}}]})");
  try {
    (void)zones_on_grid(dir / "points.geojson", g);
    FAIL() << "point zones accepted";
  } catch (const RasterError& e) {
    EXPECT_NE(std::string(e.what()).find("is a Point, not a polygon"), std::string::npos) << e.what();
  }
}

TEST(Zones, RasterZonesByCellCentre) {
  const fs::path dir = polder::test::fresh_dir("zones_raster");
  // 2 × 2 cells of 20 m from (100000, 400040) north-first: ids 5 and 2 in the north row, nodata
  // (0) and 5 in the south row; the grid's row 2 centres (y 400025) fall in the north row.
  polder::test::write_geotiff(dir / "zones.tif", 2, 2, 100000.0, 400040.0, 20.0, {5, 2, 0, 5}, 0.0, 28992);
  const GridGeometry g = small_grid();
  const ZoneMap z = zones_on_grid(dir / "zones.tif", g);
  EXPECT_EQ(z.names, (std::vector<std::string>{"zone 2", "zone 5"}));
  EXPECT_EQ(z.ids, (std::vector<std::int32_t>{2, 5}));
  EXPECT_EQ(z.zone_of_cell, (std::vector<std::int32_t>{-1, -1, 1, 1,  //
                                                        -1, -1, 1, 1,  //
                                                        1, 1, 0, 0}));

  polder::test::write_geotiff(dir / "wgs84.tif", 2, 2, 4.0, 52.0, 0.01, {1, 1, 1, 1}, 0.0, 4326);
  EXPECT_THROW((void)zones_on_grid(dir / "wgs84.tif", g), RasterError);
  polder::test::write_geotiff(dir / "far.tif", 2, 2, 0.0, 40.0, 20.0, {1, 1, 1, 1}, 0.0, 28992);
  EXPECT_THROW((void)zones_on_grid(dir / "far.tif", g), RasterError);
}

// The outline of a zone is the union of its cells: area and extent exact, cells meeting only at
// a corner stay separate polygons.
TEST(Zones, OutlinesAreTheUnionOfTheZoneCells) {
  const GridGeometry g = small_grid();
  ZoneMap z;
  z.names = {"zone 2", "zone 5"};
  z.ids = {2, 5};
  z.zone_of_cell = {-1, -1, 1, 1,  //
                    -1, -1, 1, 1,  //
                    1, 1, 0, 0};
  std::vector<std::uint8_t> active(g.cell_count(), 1);
  const std::vector<std::string> outlines = zone_outlines_geojson(z, g, active);
  ASSERT_EQ(outlines.size(), 2u);
  struct Shape {
    int parts;
    double area;
    OGREnvelope box;
  };
  const auto shape = [](const std::string& json) {
    OGRGeometryH h = OGR_G_CreateGeometryFromJson(json.c_str());
    EXPECT_NE(h, nullptr) << json;
    const auto* m = OGRGeometry::FromHandle(h)->toMultiPolygon();
    Shape s{m->getNumGeometries(), m->get_Area(), {}};
    m->getEnvelope(&s.box);
    OGR_G_DestroyGeometry(h);
    return s;
  };
  const Shape two = shape(outlines[0]);
  EXPECT_EQ(two.parts, 1);
  EXPECT_DOUBLE_EQ(two.area, 200.0);
  EXPECT_DOUBLE_EQ(two.box.MinX, 100020.0);
  EXPECT_DOUBLE_EQ(two.box.MaxX, 100040.0);
  EXPECT_DOUBLE_EQ(two.box.MinY, 400020.0);
  EXPECT_DOUBLE_EQ(two.box.MaxY, 400030.0);
  const Shape five = shape(outlines[1]);
  EXPECT_EQ(five.parts, 2);  // columns 2-3 of rows 0-1, and columns 0-1 of row 2: a corner apart
  EXPECT_DOUBLE_EQ(five.area, 600.0);
  EXPECT_DOUBLE_EQ(five.box.MinX, 100000.0);
  EXPECT_DOUBLE_EQ(five.box.MaxY, 400030.0);
  EXPECT_DOUBLE_EQ(five.box.MinY, 400000.0);

  // Cells outside the model belong to no outline.
  active[10] = 0;
  EXPECT_DOUBLE_EQ(shape(zone_outlines_geojson(z, g, active)[0]).area, 100.0);
}

// 4 × 4 cells of 10 m, cell k = j * 4 + i. Zone 0 = columns 0-1 except cell 0 (no zone), zone 1 =
// columns 2-3; cell 15 is outside the model. people = k + 1; first-threshold arrival 10 k for
// even k, never for odd k; second threshold only cell 2 at minute 50; max depth 0.1 k.
TEST(ZoneExposure, HandBuiltCase) {
  constexpr std::size_t n = 16;
  ZoneMap zones;
  zones.names = {"A", "B"};
  zones.ids = {11, 22};
  std::vector<double> people(n), max_depth(n);
  std::vector<std::uint8_t> active(n, 1);
  std::vector<std::int32_t> arrival(2 * n, -1);
  for (std::size_t k = 0; k < n; ++k) {
    zones.zone_of_cell.push_back(k % 4 < 2 ? 0 : 1);
    people[k] = double(k + 1);
    max_depth[k] = 0.1 * double(k);
    if (k % 2 == 0) arrival[k] = static_cast<std::int32_t>(10 * k);
  }
  zones.zone_of_cell[0] = -1;
  active[15] = 0;
  arrival[n + 2] = 50;
  const ZoneExposure z = zone_exposure(zones, {arrival, 2, people, active, max_depth, 120, 100.0});

  ASSERT_EQ(z.zones.size(), 2u);
  EXPECT_EQ(z.people_outside_zones, 1.0);  // cell 0; cell 15 is not in the model
  const ZoneRow& a = z.zones[0];
  const ZoneRow& b = z.zones[1];
  EXPECT_EQ(a.name, "A");
  EXPECT_EQ(b.zone_id, 22);
  // A: cells 1 4 5 8 9 12 13 (people 59); reached: cell 4 (5) at 40, 8 (9) at 80, 12 (13) at 120.
  EXPECT_EQ(a.people, 59.0);
  EXPECT_EQ(a.first_arrival, 40);
  EXPECT_EQ(a.minutes_to_percent[0], 80);  // 5.9 people: 14 by minute 80
  EXPECT_FALSE(a.minutes_to_percent[1].has_value());  // 27 of 59 at most
  EXPECT_FALSE(a.minutes_to_percent[2].has_value());
  EXPECT_EQ(a.people_within[0], 5.0);
  for (std::size_t h = 1; h < 6; ++h) EXPECT_EQ(a.people_within[h], 27.0);  // the run ends at 120
  EXPECT_NEAR(a.max_depth_mean, 0.8, 1e-12);
  EXPECT_NEAR(a.max_depth_max, 1.3, 1e-12);  // cell 13 is in A though never reached
  EXPECT_NEAR(a.flooded_area_km2, 3e-4, 1e-15);
  // B: cells 2 3 6 7 10 11 14 (people 60); reached: 2 (3) at 20, 6 (7) at 60, 10 (11) at 100,
  // 14 (15) at 140, counted in the last minute 120.
  EXPECT_EQ(b.people, 60.0);
  EXPECT_EQ(b.first_arrival, 20);
  EXPECT_EQ(b.minutes_to_percent[0], 60);   // 6: 10 by minute 60
  EXPECT_EQ(b.minutes_to_percent[1], 120);  // 30: 36 by minute 120
  EXPECT_FALSE(b.minutes_to_percent[2].has_value());  // 54
  EXPECT_EQ(b.people_within[0], 10.0);
  EXPECT_EQ(b.people_within[5], 36.0);
  EXPECT_NEAR(b.max_depth_mean, 0.8, 1e-12);
  EXPECT_NEAR(b.max_depth_max, 1.4, 1e-12);  // cell 15 (1.5) is not in the model
  EXPECT_NEAR(b.flooded_area_km2, 4e-4, 1e-15);

  ASSERT_EQ(z.people_reached.size(), 2u);
  const auto& ca = z.people_reached[0][0];
  const auto& cb = z.people_reached[0][1];
  ASSERT_EQ(ca.size(), 121u);
  EXPECT_EQ(ca[39], 0.0);
  EXPECT_EQ(ca[40], 5.0);
  EXPECT_EQ(ca[80], 14.0);
  EXPECT_EQ(ca[120], 27.0);
  EXPECT_EQ(cb[19], 0.0);
  EXPECT_EQ(cb[20], 3.0);
  EXPECT_EQ(cb[99], 10.0);
  EXPECT_EQ(cb[100], 21.0);
  EXPECT_EQ(cb[120], 36.0);
  EXPECT_EQ(z.people_reached[1][0][120], 0.0);
  EXPECT_EQ(z.people_reached[1][1][49], 0.0);
  EXPECT_EQ(z.people_reached[1][1][50], 3.0);
  EXPECT_EQ(z.people_reached[1][1][120], 3.0);
  // Zones plus the rest add up to everyone on model cells.
  EXPECT_EQ(a.people + b.people + z.people_outside_zones, 120.0);
}
