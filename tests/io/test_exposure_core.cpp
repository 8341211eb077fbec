// Exposure computations on hand-built cases whose every figure is worked out in the comments:
// curves per minute, per species, farm arrival, evacuation priority and ranking, suppression
// and the LIWO class maps.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "polder/exposure/farm_exposure.hpp"
#include "polder/exposure/population_curves.hpp"
#include "polder/exposure/priority.hpp"
#include "polder/exposure/zone_exposure.hpp"
#include "polder/results/class_maps.hpp"

using namespace polder;

namespace {

// 4 × 4 cells of 10 m, rows from the south. Arrival minutes at the first threshold (-1 = never);
// the north-east cell is outside the model.
const std::vector<std::int32_t> arrival0 = {0, 1, 2, -1,   //
                                            1, 2, 3, -1,   //
                                            2, 3, 5, -1,   //
                                            -1, -1, -1, -1};
// Second threshold: reached later, or never.
const std::vector<std::int32_t> arrival1 = {3, 4, -1, -1,  //
                                            4, -1, -1, -1, //
                                            -1, -1, -1, -1, //
                                            -1, -1, -1, -1};
std::vector<std::int32_t> both_thresholds() {
  std::vector<std::int32_t> v = arrival0;
  v.insert(v.end(), arrival1.begin(), arrival1.end());
  return v;
}
std::vector<std::uint8_t> active() {
  std::vector<std::uint8_t> a(16, 1);
  a[15] = 0;
  return a;
}
std::vector<double> people() {
  std::vector<double> p(16, 1.0);
  p[0] = 2.0;
  p[15] = 7.0;  // outside the model: reported, never counted as reached
  return p;
}

GridGeometry grid4() {
  GridGeometry g;
  g.nx = 4;
  g.ny = 4;
  g.x_min = 1000.0;
  g.y_min = 2000.0;
  g.dx = 10.0;
  g.dy = 10.0;
  return g;
}

}  // namespace

TEST(ExposureCurves, FourByFourFloodGivesExactCurves) {
  const ExposureCurves c = population_curves(both_thresholds(), 2, people(), active(), 5, 0.5);
  // Newly reached per minute at the first threshold: minute 0 cell (0,0) = 2 people; minute 1
  // two cells; minute 2 three; minute 3 two; minute 4 none; minute 5 one.
  EXPECT_EQ(c.people_new[0], (std::vector<double>{2, 2, 3, 2, 0, 1}));
  EXPECT_EQ(c.people_reached[0], (std::vector<double>{2, 4, 7, 9, 9, 10}));
  EXPECT_EQ(c.people_new[1], (std::vector<double>{0, 0, 0, 2, 2, 0}));
  EXPECT_EQ(c.people_reached[1], (std::vector<double>{0, 0, 0, 2, 4, 4}));
  EXPECT_EQ(c.population_in_domain, 16.0);       // 14 cells of 1 and one of 2
  EXPECT_EQ(c.population_outside_domain, 7.5);   // the inactive cell + what fell off the grid
  EXPECT_EQ(c.minute, (std::vector<std::int32_t>{0, 1, 2, 3, 4, 5}));

  // Species use the same rule; an arrival after the last minute counts in the last minute.
  std::vector<double> cattle(16, 0.0);
  cattle[10] = 40.0;  // cell (2,2), arrival 5
  cattle[3] = 15.0;   // cell (3,0), never reached
  const SpeciesCurves s = species_curves("cattle", both_thresholds(), 2, cattle, active(), 4, 3.0);
  EXPECT_EQ(s.species, "cattle");
  EXPECT_EQ(s.reached[0], (std::vector<double>{0, 0, 0, 0, 40}));
  EXPECT_EQ(s.added[0], (std::vector<double>{0, 0, 0, 0, 40}));
  EXPECT_EQ(s.reached[1], (std::vector<double>{0, 0, 0, 0, 0}));
  EXPECT_EQ(s.in_domain, 55.0);
  EXPECT_EQ(s.outside_domain, 3.0);
}

TEST(Priority, TimeNeededFromCountsAndCapacities) {
  EvacuationParameters p;  // defaults of docs/exposure.md
  // 3000 people / 2.5 per vehicle = 1200 vehicles over 1500 per hour = 48 min, after 120 min.
  EXPECT_DOUBLE_EQ(people_time_needed(3000.0, p), 168.0);
  EXPECT_EQ(people_time_needed(0.0, p), 0.0);
  // 45 cattle at 20 per truck = 3 loads; 2 trucks = 2 rounds of 30 min loading, one 120 min
  // round trip between them, after 120 min mobilisation: 120 + 60 + 120 = 300.
  EXPECT_DOUBLE_EQ(livestock_time_needed({{"cattle", 45.0}}, 2.0, p), 300.0);
  // Exactly 40 cattle: 2 loads, one round.
  EXPECT_DOUBLE_EQ(livestock_time_needed({{"cattle", 40.0}}, 2.0, p), 150.0);
  // Species one after the other: + 2000 pigs = 12 loads = 6 rounds of 45 min.
  EXPECT_DOUBLE_EQ(livestock_time_needed({{"cattle", 45.0}, {"pigs", 2000.0}}, 2.0, p),
                   120.0 + 2 * 30.0 + 6 * 45.0 + 7 * 120.0);
  EXPECT_EQ(livestock_time_needed({}, 2.0, p), 0.0);
  // An unknown species takes the parameters of "other".
  EXPECT_DOUBLE_EQ(livestock_time_needed({{"alpacas", 20.0}}, 1.0, p), 120.0 + 45.0);
  EXPECT_DOUBLE_EQ(priority_weight(10.0, {{"cattle", 10.0}, {"poultry", 1000.0}}, p), 10.0 + 8.0 + 14.0);
}

TEST(Priority, OrderedByLatestSafeStartThenWeightNeverReachedLast) {
  EvacuationParameters p;
  p.lead_time_min = 0.0;
  p.decision_delay_min = 60.0;
  std::vector<Priority> e = {
      make_priority(100, 30.0, 5.0, p),           // A: latest safe start 70
      make_priority(80, 10.0, 9.0, p),            // B: 70 too, heavier: before A
      make_priority(50, 80.0, 1.0, p),            // C: -30, must start before the breach
      make_priority(std::nullopt, 500.0, 100.0, p),  // D: never reached
      make_priority(std::nullopt, 5.0, 1.0, p),      // E: never reached, lighter than D
  };
  std::vector<Priority*> ptr;
  for (auto& x : e) ptr.push_back(&x);
  assign_ranks(ptr);
  EXPECT_EQ(e[2].rank, 1);
  EXPECT_EQ(e[1].rank, 2);
  EXPECT_EQ(e[0].rank, 3);
  EXPECT_EQ(e[3].rank, 4);
  EXPECT_EQ(e[4].rank, 5);
  // C: available = 0 + 50 - 60 = -10 min, slack = -10 - 80 = -90 min (cannot finish in time).
  EXPECT_EQ(*e[2].latest_safe_start, -30.0);
  EXPECT_EQ(*e[2].time_available_min, -10.0);
  EXPECT_EQ(*e[2].slack_min, -90.0);
  EXPECT_EQ(*e[0].slack_min, 100.0 - 60.0 - 30.0);
  EXPECT_FALSE(e[3].latest_safe_start.has_value());
  EXPECT_FALSE(e[3].slack_min.has_value());
  EXPECT_EQ(e[3].time_needed_min, 500.0);

  // Full tie (same latest safe start and weight): file order decides.
  std::vector<Priority> tie = {make_priority(60, 10.0, 2.0, p), make_priority(60, 10.0, 2.0, p)};
  std::vector<Priority*> tie_ptr = {&tie[0], &tie[1]};
  assign_ranks(tie_ptr);
  EXPECT_EQ(tie[0].rank, 1);
  EXPECT_EQ(tie[1].rank, 2);

  // A lead time moves the slack, not the latest safe start.
  p.lead_time_min = 120.0;
  const Priority early = make_priority(50, 80.0, 1.0, p);
  EXPECT_EQ(*early.latest_safe_start, -30.0);
  EXPECT_EQ(*early.slack_min, 30.0);
}

TEST(Farms, ANeverFloodedFarmHasNoArrivalNotMinuteZero) {
  const GridGeometry g = grid4();
  const std::vector<double> depth = {1.5, 1.0, 0.8, 0.0, 1.0, 0.9, 0.4, 0.0, 0.5, 0.3, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0};
  const std::vector<FarmPoint> farms = {
      {"f1", "wet", 1005.0, 2005.0, "cattle", 45.0},   // cell (0,0): arrival 0 and 3
      {"f2", "dry", 1035.0, 2005.0, "cattle", 10.0},   // cell (3,0): never reached
      {"f3", "off", 5000.0, 2005.0, "pigs", 100.0},    // off the grid
      {"f1", "wet", 1005.0, 2005.0, "sheep", 30.0},    // same farm id, another species
  };
  std::vector<double> x, y, heads;
  for (const auto& f : farms) {
    x.push_back(f.x);
    y.push_back(f.y);
    heads.push_back(f.head_count);
  }
  const PlacedCounts placed = place_points(g, x, y, heads);
  EXPECT_EQ(placed.points_off_grid, 1u);
  EXPECT_EQ(placed.off_grid, 100.0);
  EXPECT_EQ(placed.cells[0], 75.0);
  EvacuationParameters p;
  const auto act = active();
  const auto arr = both_thresholds();
  const std::vector<FarmRow> rows = farm_table(farms, placed.cell, {arr, 2, act, depth, nullptr, 0}, p);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].arrival[0], std::optional<std::int32_t>(0));
  EXPECT_EQ(rows[0].arrival[1], std::optional<std::int32_t>(3));
  EXPECT_EQ(rows[0].max_depth, std::optional<double>(1.5));
  EXPECT_TRUE(rows[1].in_domain);
  EXPECT_FALSE(rows[1].arrival[0].has_value()) << "a dry farm has no arrival, not minute 0";
  EXPECT_EQ(rows[1].max_depth, std::optional<double>(0.0));
  EXPECT_FALSE(rows[1].priority.latest_safe_start.has_value());
  EXPECT_FALSE(rows[2].in_domain);
  EXPECT_FALSE(rows[2].max_depth.has_value());
  // Farm f1 moves 45 cattle (3 loads, 2 rounds) and 30 sheep (1 load, 1 round) with 2 trucks:
  // 120 + 2 * 30 + 1 * 30 + 2 * 120 = 450 min, on both of its rows.
  EXPECT_DOUBLE_EQ(rows[0].priority.time_needed_min, 450.0);
  EXPECT_DOUBLE_EQ(rows[3].priority.time_needed_min, 450.0);
  EXPECT_EQ(*rows[0].priority.latest_safe_start, -450.0);
  // One rank per farm, shared by its rows: reached f1 first, then the others by weight.
  EXPECT_EQ(rows[0].priority.rank, 1);
  EXPECT_EQ(rows[3].priority.rank, 1);
  EXPECT_EQ(rows[2].priority.rank, 2);  // 100 pigs weigh 30, more than 10 cattle (8)
  EXPECT_EQ(rows[1].priority.rank, 3);
}

// A farm whose rows stand on different cells starts when the water first reaches any of them.
TEST(Farms, AFarmOnTwoCellsCountsFromItsFirstArrival) {
  const GridGeometry g = grid4();
  const std::vector<double> depth(16, 1.0);
  const std::vector<FarmPoint> farms = {
      {"f1", "", 1015.0, 2015.0, "cattle", 10.0},  // cell (1,1)
      {"f1", "", 1005.0, 2005.0, "pigs", 10.0},    // cell (0,0): reached at minute 0
  };
  const PlacedCounts placed = place_points(g, {farms[0].x, farms[1].x}, {farms[0].y, farms[1].y}, {10.0, 10.0});
  const auto act = active();
  const auto arr = both_thresholds();
  const std::vector<FarmRow> rows = farm_table(farms, placed.cell, {arr, 2, act, depth, nullptr, 0}, EvacuationParameters{});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].arrival[0], rows[1].arrival[0]);  // each row keeps its own cell's arrival
  EXPECT_EQ(rows[0].priority.arrival, std::optional<std::int32_t>(0));
  EXPECT_EQ(rows[1].priority.arrival, std::optional<std::int32_t>(0));
  EXPECT_EQ(*rows[0].priority.latest_safe_start, *rows[1].priority.latest_safe_start);
}

TEST(ZoneExposure, SpeciesPriorityAndSuppressionBelowMinCount) {
  const GridGeometry g = grid4();
  ZoneMap zones;
  zones.names = {"West", "East"};
  zones.ids = {1, 2};
  zones.zone_of_cell.assign(16, -1);
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 4; ++i) zones.zone_of_cell[g.index(i, j)] = i < 2 ? 0 : 1;
  std::vector<double> pop(16, 0.0);
  pop[0] = 3.0;   // West: 3 people (below K = 5)
  pop[2] = 10.0;  // East: 10 people
  pop[6] = 2.0;
  const std::vector<std::string> species = {"cattle"};
  std::vector<std::vector<double>> cattle(1, std::vector<double>(16, 0.0));
  cattle[0][1] = 45.0;  // West: one farm
  cattle[0][2] = 20.0;  // East: farms at cells 2, 6, 10
  cattle[0][6] = 20.0;
  cattle[0][10] = 20.0;
  const std::vector<std::size_t> farm_cells = {1, 2, 6, 10, 15};  // cell 15 is outside the model
  const auto act = active();
  const auto arr = both_thresholds();
  const std::vector<double> depth(16, 0.5);
  ZoneExposure z = zone_exposure(zones, {arr, 2, pop, act, depth, 5, g.cell_area(), true, &species, &cattle, &farm_cells});
  ASSERT_EQ(z.zones.size(), 2u);
  EXPECT_EQ(z.zones[0].farms, 1);
  EXPECT_EQ(z.zones[1].farms, 3);
  EXPECT_EQ(z.zones[0].animals[0], 45.0);
  EXPECT_EQ(z.zones[1].animals[0], 60.0);
  // East cattle: cell 2 at minute 2, cell 6 at minute 3, cell 10 at minute 5.
  EXPECT_EQ(z.animals_reached[0][0][1], (std::vector<double>{0, 0, 20, 40, 40, 60}));
  EXPECT_EQ(z.zones[1].animals_within[0][0], 60.0);  // within 1 h: the end of this short run
  EXPECT_EQ(z.zones[0].first_arrival_at[1], std::optional<std::int32_t>(3));

  EvacuationParameters p;
  zone_priorities(z, 0, p);
  // West: people 3 -> 120 + 1.2/1500*60; cattle 45 with 20 trucks -> 3 loads in 1 round: 150.
  EXPECT_DOUBLE_EQ(z.zones[0].priority.time_needed_min, 150.0);
  EXPECT_EQ(*z.zones[0].priority.latest_safe_start, 0.0 - 150.0);
  EXPECT_EQ(z.zones[0].priority.rank, 1);
  EXPECT_EQ(z.zones[1].priority.rank, 2);

  suppress_small_zones(z, 5.0);
  EXPECT_TRUE(z.zones[0].people_suppressed);
  EXPECT_TRUE(std::isnan(z.zones[0].people)) << "withheld, never reported as 0";
  EXPECT_TRUE(std::isnan(z.zones[0].people_within[0]));
  EXPECT_TRUE(std::isnan(z.people_reached[0][0][3]));
  EXPECT_TRUE(z.zones[0].animals_suppressed);  // one farm < 5
  EXPECT_TRUE(std::isnan(z.zones[0].animals[0]));
  EXPECT_TRUE(std::isnan(z.zones[0].priority.time_needed_min));
  EXPECT_TRUE(std::isnan(*z.zones[0].priority.latest_safe_start));
  EXPECT_EQ(z.zones[0].priority.rank, 0);  // withheld too: its place would bound its latest safe start
  EXPECT_FALSE(z.zones[1].people_suppressed);
  EXPECT_EQ(z.zones[1].people, 12.0);
  EXPECT_TRUE(z.zones[1].animals_suppressed);  // 3 farms < 5
  EXPECT_EQ(z.min_count, 5.0);
  // K = 3: East's three farms are enough.
  ZoneExposure z3 = zone_exposure(zones, {arr, 2, pop, act, depth, 5, g.cell_area(), true, &species, &cattle, &farm_cells});
  zone_priorities(z3, 0, p);
  suppress_small_zones(z3, 3.0);
  EXPECT_FALSE(z3.zones[1].animals_suppressed);
  EXPECT_EQ(z3.zones[1].animals[0], 60.0);
  // The published zone is ranked among the published ones: East moves up to 1.
  EXPECT_EQ(z3.zones[0].priority.rank, 0);
  EXPECT_EQ(z3.zones[1].priority.rank, 1);
}

TEST(ClassMaps, LiwoClassBoundaries) {
  const ClassScheme& a = arrival_classes();
  EXPECT_EQ(class_of(a, 0), 1);
  EXPECT_EQ(class_of(a, 240), 1);   // "<= 4 h" includes 4 h
  EXPECT_EQ(class_of(a, 241), 2);
  EXPECT_EQ(class_of(a, 2880), 6);
  EXPECT_EQ(class_of(a, 2881), 7);
  const ClassScheme& d = depth_classes();
  EXPECT_EQ(class_of(d, 0.49), 1);
  EXPECT_EQ(class_of(d, 0.5), 2);
  EXPECT_EQ(class_of(d, 1.99), 4);
  EXPECT_EQ(class_of(d, 4.99), 5);
  EXPECT_EQ(class_of(d, 5.0), 6);
  const ClassScheme& r = rise_rate_classes();
  EXPECT_EQ(class_of(r, 0.1), 1);
  EXPECT_EQ(class_of(r, 0.25), 2);
  EXPECT_EQ(class_of(r, 2.0), 5);

  const auto act = active();
  const auto arrival = classify_arrival(arrival0, act);
  EXPECT_EQ(arrival[0], 1);
  EXPECT_EQ(arrival[3], 0);            // never reached
  EXPECT_EQ(arrival[15], class_fill);  // outside the model
  std::vector<double> depth(16, 0.7);
  const auto classes = classify_flooded(d, depth, arrival0, act);
  EXPECT_EQ(classes[0], 2);
  EXPECT_EQ(classes[3], 0);  // not flooded, whatever its depth value
  EXPECT_EQ(classes[15], class_fill);
}
