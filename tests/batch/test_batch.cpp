// `polder batch` on one rank: a tiny library with one scenario that fails, the index files, resuming
// and a bad library (docs/parallel.md, "Scenario libraries").
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "batch_support.hpp"

namespace fs = std::filesystem;
using polder::test::fresh_dir;
using polder::test::read_attribute_double;
using polder::test::read_dataset;
using polder::test::run_polder;
using polder::test::write_text;
using namespace polder::test::batch;

namespace {

double number(const std::string& s) { return s.empty() ? std::nan("") : std::strtod(s.c_str(), nullptr); }

std::size_t count_lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// The figures of a done or skipped row are those stored in its result file.
void expect_figures_from_result(const CsvRow& row, const fs::path& out) {
  const fs::path result = out / row.at("result");
  ASSERT_TRUE(fs::exists(result)) << result;
  EXPECT_EQ(read_attribute_double(result, "/", "complete"), 1.0);
  EXPECT_EQ(number(row.at("flooded_area_km2")), read_attribute_double(result, "/", "summary_flooded_area_km2"));
  EXPECT_GT(number(row.at("flooded_area_km2")), 0.0);
  for (const char* h : {"6h", "12h", "24h"})
    EXPECT_EQ(number(row.at(std::string("people_within_") + h)),
              read_attribute_double(result, "/", std::string("summary_people_reached_") + h));
  const std::vector<double> first = read_dataset(result, "/exposure/zones/first_arrival");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(number(row.at("first_arrival_min[West]")), first[0]);  // the breach is on the west edge
  if (first[1] == -2147483647.0) EXPECT_EQ(row.at("first_arrival_min[East, river side]"), "");
  else EXPECT_EQ(number(row.at("first_arrival_min[East, river side]")), first[1]);
}

}  // namespace

TEST(Batch, RecordsTheFailingScenarioAndRunsTheOthers) {
  const fs::path dir = fresh_dir("batch-failure");
  write_library(dir);
  const auto r = run_polder("batch library.toml --out out", dir);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;  // some failed
  EXPECT_EQ(r.err, "");
  const fs::path out = dir / "out";

  const std::vector<CsvRow> rows = read_index_csv(out / "index.csv");
  ASSERT_EQ(rows.size(), 4u);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_EQ(rows[k].at("name"), library_names[k]);
    if (k < 3) {
      EXPECT_EQ(rows[k].at("status"), "done") << rows[k].at("error");
      EXPECT_EQ(rows[k].at("error"), "");
      EXPECT_EQ(rows[k].at("result"), library_names[k] + ".h5");
      EXPECT_EQ(rows[k].at("rank"), "0");
      EXPECT_GT(number(rows[k].at("wall_time_s")), 0.0);
      expect_figures_from_result(rows[k], out);
    }
  }
  // The failing scenario: its one-line error, no result, the others unaffected.
  const CsvRow& failed = rows[3];
  EXPECT_EQ(failed.at("status"), "failed");
  EXPECT_NE(failed.at("error").find("FAR"), std::string::npos) << failed.at("error");
  EXPECT_EQ(failed.at("result"), "");
  EXPECT_EQ(failed.at("flooded_area_km2"), "");
  EXPECT_FALSE(fs::exists(out / "basin-FAR-low.h5"));
  EXPECT_TRUE(fs::exists(out / "basin-FAR-low.log"));
  // A higher river level floods at least as much.
  EXPECT_GE(number(rows[2].at("flooded_area_km2")), number(rows[1].at("flooded_area_km2")));

  // index.h5 holds the same table over the dimension `scenario`, zones over `zone`.
  const fs::path h5 = out / "index.h5";
  EXPECT_EQ(read_strings(h5, "/name"), library_names);
  EXPECT_EQ(read_strings(h5, "/status"), (std::vector<std::string>{"done", "done", "done", "failed"}));
  EXPECT_EQ(read_strings(h5, "/error")[3], failed.at("error"));
  EXPECT_EQ(read_strings(h5, "/result")[0], "basin-listed.h5");
  EXPECT_EQ(read_strings(h5, "/zone_name"), (std::vector<std::string>{"West", "East, river side"}));
  const std::vector<double> area = read_dataset(h5, "/flooded_area_km2");
  ASSERT_EQ(area.size(), 4u);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(area[k], number(rows[k].at("flooded_area_km2")));
  EXPECT_TRUE(std::isnan(area[3]));
  std::vector<std::size_t> shape;
  const std::vector<double> first = read_dataset(h5, "/first_arrival", &shape);
  EXPECT_EQ(shape, (std::vector<std::size_t>{4, 2}));
  EXPECT_EQ(first[0], number(rows[0].at("first_arrival_min[West]")));
  EXPECT_EQ(first[6], -2147483647.0);  // the failed scenario: fill
  EXPECT_EQ(read_attribute_double(h5, "/", "scenarios_failed"), 1.0);
  EXPECT_EQ(read_attribute_double(h5, "/", "scenarios_done"), 3.0);

  // One line per scenario (name, status, wall time, rank), then the summary.
  for (const std::string& name : library_names) EXPECT_NE(r.out.find(name), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rank 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 done, 1 failed, 0 skipped-complete"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("failed: basin-FAR-low: "), std::string::npos) << r.out;
  // No temporary files left behind.
  for (const auto& e : fs::directory_iterator(out))
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path();
}

TEST(Batch, ResumeSkipsCompleteResultsAndRerunsTheRest) {
  const fs::path dir = fresh_dir("batch-resume");
  write_library(dir);
  const fs::path out = dir / "out";
  ASSERT_EQ(run_polder("batch library.toml --out out --quiet", dir).exit_code, 3);
  const std::vector<CsvRow> first = read_index_csv(out / "index.csv");
  const auto kept_time = fs::last_write_time(out / "basin-B1-low.h5");

  fs::remove(out / "basin-B1-high.h5");                     // as if killed before it finished
  write_text(out / "basin-listed.h5", "not an HDF5 file");  // a broken file is not complete
  const auto r = run_polder("batch library.toml --out out --quiet", dir);
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const std::vector<CsvRow> rows = read_index_csv(out / "index.csv");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("status"), "done");
  EXPECT_EQ(rows[1].at("status"), "skipped-complete");
  EXPECT_EQ(rows[2].at("status"), "done");
  EXPECT_EQ(rows[3].at("status"), "failed");  // failures are always tried again
  EXPECT_EQ(rows[1].at("rank"), "-1");
  EXPECT_EQ(rows[1].at("wall_time_s"), "");
  EXPECT_EQ(fs::last_write_time(out / "basin-B1-low.h5"), kept_time) << "a complete result is not rewritten";
  for (std::size_t k = 0; k < 3; ++k) {
    expect_figures_from_result(rows[k], out);
    // The same figures as the first time (the runs are deterministic).
    for (const char* c : {"flooded_area_km2", "people_within_6h", "first_arrival_min[West]"})
      EXPECT_EQ(rows[k].at(c), first[k].at(c)) << rows[k].at("name") << " " << c;
  }
  // --quiet: only the summary.
  EXPECT_EQ(r.out.find("[1/4]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 done, 1 failed, 1 skipped-complete"), std::string::npos) << r.out;

  // A scenario whose text changed is run again, not skipped.
  write_text(dir / "listed.toml", "# changed\n" + [&] {
    std::ifstream f(dir / "listed.toml");
    return std::string(std::istreambuf_iterator<char>(f), {});
  }());
  const auto again = run_polder("batch library.toml --out out --quiet", dir);
  const std::vector<CsvRow> third = read_index_csv(out / "index.csv");
  EXPECT_EQ(third[0].at("status"), "done") << again.out;
  EXPECT_EQ(third[1].at("status"), "skipped-complete");
  EXPECT_EQ(third[2].at("status"), "skipped-complete");
}

TEST(Batch, AllSucceededExitsZero) {
  const fs::path dir = fresh_dir("batch-ok");
  write_library(dir);
  // Only the listed scenario: the library may also be just a list.
  write_text(dir / "ok.toml", "[library]\nname = \"ok\"\nscenarios = [\"listed.toml\"]\n");
  const auto r = run_polder("batch ok.toml --out out", dir);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::vector<CsvRow> rows = read_index_csv(dir / "out/index.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("status"), "done");
  // Re-running skips it and still succeeds.
  const auto again = run_polder("batch ok.toml --out out", dir);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(read_index_csv(dir / "out/index.csv")[0].at("status"), "skipped-complete");
}

TEST(BatchBadInput, BadScenarioInTheLibraryStopsBeforeAnyRun) {
  const fs::path dir = fresh_dir("batch-bad");
  write_library(dir);
  write_text(dir / "listed.toml", "[scenario]\nname = \"x\"\n[terrain]\ndem = \"dem.tif\"\n[simulation]\nduraton = \"1h\"\n");
  const auto r = run_polder("batch library.toml --out out", dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("listed.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("duraton"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out/index.csv"));
  EXPECT_FALSE(fs::exists(dir / "out/basin-B1-low.h5")) << "nothing runs when the library is bad";
}

TEST(BatchBadInput, BadGeneratedScenarioNamesTheLibrary) {
  const fs::path dir = fresh_dir("batch-bad-generated");
  write_library(dir);
  std::ifstream f(dir / "library.toml");
  std::string text(std::istreambuf_iterator<char>(f), {});
  text += "[[generate.parameters]]\nname = \"p\"\ncritical_velocity = -1\n";
  write_text(dir / "library.toml", text);
  const auto r = run_polder("batch library.toml --out out", dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("library.toml"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "out/index.csv"));
}

TEST(BatchBadInput, MissingLibraryOrOutFlag) {
  const fs::path dir = fresh_dir("batch-missing");
  const auto r = run_polder("batch nowhere.toml --out out", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("nowhere.toml"), std::string::npos) << r.err;
  const auto no_out = run_polder("batch library.toml", dir);
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_NE(no_out.err.find("--out"), std::string::npos) << no_out.err;
}
