// Count layers (people, animals) onto the flood grid: totals kept for misaligned rasters and for
// rasters in another CRS, a clear error for a layer off the grid, and point files.
#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "polder/exposure/point_counts.hpp"
#include "polder/grids/io/raster_io.hpp"
#include "polder/grids/io/regrid.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace polder;

namespace {

std::string wkt_of(int epsg) {
  OGRSpatialReference srs;
  srs.importFromEPSG(epsg);
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt;
  CPLFree(wkt);
  return out;
}

// The flood grid: 40 × 30 cells of 30 m in RD New.
GridGeometry flood_grid() {
  GridGeometry g;
  g.nx = 40;
  g.ny = 30;
  g.x_min = 120000.0;
  g.y_min = 440000.0;
  g.dx = 30.0;
  g.dy = 30.0;
  g.crs_wkt = wkt_of(28992);
  return g;
}

// A count layer with irregular values (so that no symmetry hides an error).
RasterLayer layer(int nx, int ny, double x_min, double y_min, double cell, int epsg) {
  RasterLayer l;
  l.geometry.nx = nx;
  l.geometry.ny = ny;
  l.geometry.x_min = x_min;
  l.geometry.y_min = y_min;
  l.geometry.dx = cell;
  l.geometry.dy = cell;
  l.geometry.crs_wkt = wkt_of(epsg);
  l.values = HostField<double>(nx, ny, 0.0);
  l.valid.assign(std::size_t(nx) * std::size_t(ny), 1);
  for (std::size_t k = 0; k < l.values.size(); ++k) l.values[k] = 1.0 + double((k * 7919) % 13) * 0.37;
  return l;
}

double sum(const HostField<double>& f) { return std::accumulate(f.values().begin(), f.values().end(), 0.0); }
double total(const RasterLayer& l) { return sum(l.values); }

void expect_total_kept(const RegriddedCounts& r, double source_total, double tolerance) {
  EXPECT_NEAR(r.source_total, source_total, 1e-12 * source_total);
  EXPECT_NEAR(sum(r.counts) + r.outside_grid, source_total, tolerance * source_total);
}

}  // namespace

TEST(Regrid, HalfCellOffsetKeepsTheTotal) {
  // Inside the grid, shifted by half a cell in x and y: every count lands on the grid.
  const RasterLayer src = layer(20, 10, 120015.0, 440015.0, 30.0, 28992);
  const RegriddedCounts r = regrid_counts(src, "half.tif", flood_grid());
  expect_total_kept(r, total(src), 1e-12);
  EXPECT_NEAR(r.outside_grid, 0.0, 1e-9);
  EXPECT_FALSE(r.reprojected);
  // Each source cell splits into four equal quarters: target cell (0, 0) holds a quarter of source
  // cell (0, 0), target cell (1, 1) a quarter of each of the four source cells around it.
  EXPECT_NEAR(r.counts(0, 0), src.values(0, 0) / 4.0, 1e-12);
  EXPECT_NEAR(r.counts(1, 1), (src.values(0, 0) + src.values(1, 0) + src.values(0, 1) + src.values(1, 1)) / 4.0, 1e-12);
}

TEST(Regrid, SixtyMetreCellsOntoThirtyAndPartlyOffTheGrid) {
  // 60 m cells, reaching 300 m past the grid's east edge: what falls off is reported.
  const RasterLayer src = layer(25, 10, 120000.0, 440000.0, 60.0, 28992);
  const RegriddedCounts r = regrid_counts(src, "sixty.tif", flood_grid());
  expect_total_kept(r, total(src), 1e-9);
  EXPECT_GT(r.outside_grid, 0.0);
  // A 60 m cell shares its count over four 30 m cells equally.
  EXPECT_NEAR(r.counts(0, 0), src.values(0, 0) / 4.0, 1e-12);
  EXPECT_NEAR(r.counts(1, 1), src.values(0, 0) / 4.0, 1e-12);
}

TEST(Regrid, SlightlyDifferentCellSizeKeepsTheTotalTo1e9) {
  const RasterLayer src = layer(37, 27, 120007.3, 440011.1, 30.7, 28992);
  const RegriddedCounts r = regrid_counts(src, "odd.tif", flood_grid());
  expect_total_kept(r, total(src), 1e-9);
  EXPECT_NEAR(sum(r.counts), total(src), 1e-9 * total(src));  // entirely inside the grid
}

TEST(Regrid, AnotherCrsIsReprojectedKeepingTheTotal) {
  // The flood grid's centre in UTM 31N, and a 100 m raster there covering its middle part.
  const GridGeometry g = flood_grid();
  OGRSpatialReference rd, utm;
  rd.importFromEPSG(28992);
  utm.importFromEPSG(32631);
  rd.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto* t = OGRCreateCoordinateTransformation(&rd, &utm);
  double x = 120600.0, y = 440450.0;
  ASSERT_TRUE(t->Transform(1, &x, &y));
  OGRCoordinateTransformation::DestroyCT(t);
  const RasterLayer src = layer(6, 4, std::floor(x) - 300.0, std::floor(y) - 200.0, 100.0, 32631);
  const RegriddedCounts r = regrid_counts(src, "utm.tif", g);
  EXPECT_TRUE(r.reprojected);
  EXPECT_NE(r.method.find("32631"), std::string::npos) << r.method;
  expect_total_kept(r, total(src), 1e-12);
  EXPECT_NEAR(r.outside_grid, 0.0, 1e-9);  // the 600 × 400 m raster lies inside the 1200 × 900 m grid
  EXPECT_NEAR(sum(r.counts), total(src), 1e-12 * total(src));

  // A raster in another CRS far from the grid: an error naming the file.
  const RasterLayer far = layer(6, 4, x + 5e5, y, 100.0, 32631);
  try {
    (void)regrid_counts(far, "far.tif", g);
    FAIL() << "expected RasterError";
  } catch (const RasterError& e) {
    EXPECT_NE(std::string(e.what()).find("far.tif: does not overlap the flood grid"), std::string::npos) << e.what();
  }
}

TEST(Regrid, SameCrsOffTheGridIsAnError) {
  const RasterLayer far = layer(5, 5, 0.0, 0.0, 100.0, 28992);
  EXPECT_THROW((void)regrid_counts(far, "far.tif", flood_grid()), RasterError);
}

TEST(Points, FarmCsvAndGeoJsonWithReportedOutsidePoints) {
  const fs::path dir = test::fresh_dir("points");
  test::write_text(dir / "farms.csv",
                   "id,name,x,y,species,head_count\n"
                   "A1,De Hoeve,120015,440015,Cattle,120\n"
                   "A2,,120045,440015,pigs,800\n"
                   "A3,Far,100000,440015,cattle,50\n");
  const GridGeometry g = flood_grid();
  const auto farms = read_farm_points(dir / "farms.csv", g.crs_wkt);
  ASSERT_EQ(farms.size(), 3u);
  EXPECT_EQ(farms[0].id, "A1");
  EXPECT_EQ(farms[0].species, "cattle");  // lower case
  EXPECT_EQ(farms[1].head_count, 800.0);
  const PlacedCounts placed = place_points(g, {farms[0].x, farms[1].x, farms[2].x}, {farms[0].y, farms[1].y, farms[2].y},
                                           {120.0, 800.0, 50.0});
  EXPECT_EQ(placed.points_off_grid, 1u);
  EXPECT_EQ(placed.off_grid, 50.0);
  EXPECT_EQ(placed.cells[g.index(0, 0)], 120.0);
  EXPECT_EQ(placed.cells[g.index(1, 0)], 800.0);

  // The same farm as GeoJSON in WGS 84: reprojected to the grid's CRS.
  OGRSpatialReference rd, wgs;
  rd.importFromEPSG(28992);
  wgs.importFromEPSG(4326);
  rd.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  auto* t = OGRCreateCoordinateTransformation(&rd, &wgs);
  double lon = 120015.0, lat = 440015.0;
  ASSERT_TRUE(t->Transform(1, &lon, &lat));
  OGRCoordinateTransformation::DestroyCT(t);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"species":"sheep","head_count":30},)"
                R"("geometry":{"type":"Point","coordinates":[%.10f,%.10f]}}]})",
                lon, lat);
  test::write_text(dir / "farms.geojson", buf);
  const auto geo = read_farm_points(dir / "farms.geojson", g.crs_wkt);
  ASSERT_EQ(geo.size(), 1u);
  EXPECT_NEAR(geo[0].x, 120015.0, 0.01);
  EXPECT_NEAR(geo[0].y, 440015.0, 0.01);
  EXPECT_EQ(geo[0].id, "1");  // no id field: the row number

  // Wrong field, bad number, negative count: errors naming the file.
  test::write_text(dir / "wrong.csv", "x,y,species,heads\n120015,440015,cattle,3\n");
  try {
    (void)read_farm_points(dir / "wrong.csv", g.crs_wkt);
    FAIL();
  } catch (const RasterError& e) {
    EXPECT_NE(std::string(e.what()).find("wrong.csv: has no field 'head_count'"), std::string::npos) << e.what();
  }
  test::write_text(dir / "bad.csv", "x,y,species,head_count\n120015,440015,cattle,many\n");
  EXPECT_THROW((void)read_farm_points(dir / "bad.csv", g.crs_wkt), RasterError);
  test::write_text(dir / "neg.csv", "x,y,species,head_count\n120015,440015,cattle,-3\n");
  EXPECT_THROW((void)read_farm_points(dir / "neg.csv", g.crs_wkt), RasterError);
  test::write_text(dir / "people.csv", "x,y,people\n120015,440015,4\n130000,440015,2\n");
  const PeoplePoints people = read_people_points(dir / "people.csv", g.crs_wkt);
  EXPECT_EQ(people.people, (std::vector<double>{4.0, 2.0}));
}
