// `mpirun -n 3 polder batch`: rank 0 hands out the scenarios, ranks 1 and 2 run them. The index
// figures and every result map must equal the 1-rank run's.
#include <gtest/gtest.h>

#include <set>

#include "batch_support.hpp"

namespace fs = std::filesystem;
using polder::test::fresh_dir;
using polder::test::read_dataset;
using namespace polder::test::batch;

namespace {

// OMP_NUM_THREADS=1: three ranks on a small machine; the same setting for both runs.
std::string polder_command(const std::string& args, int ranks) {
  const std::string env = "OMP_NUM_THREADS=1 ";
  if (ranks == 1) return env + POLDER_BINARY + std::string(" ") + args;
  return env + POLDER_MPIEXEC + std::string(" --oversubscribe --allow-run-as-root ") + POLDER_MPIEXEC_NUMPROC_FLAG + " " +
         std::to_string(ranks) + " " + POLDER_BINARY + " " + args;
}

}  // namespace

TEST(BatchMpi, ThreeRanksGiveTheSameIndexAndMapsAsOne) {
  const fs::path dir = fresh_dir("batch-mpi");
  write_library(dir);
  const auto one = run_shell(polder_command("batch library.toml --out one", 1), dir);
  ASSERT_EQ(one.exit_code, 3) << one.out << one.err;
  const auto three = run_shell(polder_command("batch library.toml --out three", 3), dir);
  ASSERT_EQ(three.exit_code, 3) << three.out << three.err;

  const std::vector<CsvRow> a = read_index_csv(dir / "one/index.csv");
  const std::vector<CsvRow> b = read_index_csv(dir / "three/index.csv");
  ASSERT_EQ(a.size(), 4u);
  ASSERT_EQ(b.size(), a.size());
  std::set<std::string> ranks;
  for (std::size_t k = 0; k < a.size(); ++k) {
    // Everything but the timings and the rank that ran it.
    for (const auto& [column, value] : a[k]) {
      if (column == "wall_time_s" || column == "simulation_wall_time_s" || column == "rank") continue;
      EXPECT_EQ(b[k].at(column), value) << a[k].at("name") << " " << column;
    }
    EXPECT_EQ(a[k].at("rank"), "0");
    ranks.insert(b[k].at("rank"));
    EXPECT_NE(b[k].at("rank"), "0") << "with 3 ranks, rank 0 only hands out work";
  }
  EXPECT_EQ(b[3].at("status"), "failed");
  EXPECT_LE(ranks.size(), 2u);

  for (std::size_t k = 0; k < 3; ++k) {
    const std::string file = a[k].at("result");
    for (const char* map : {"/maps/max_depth", "/maps/arrival_time", "/maps/max_velocity", "/maps/time_of_max_depth",
                            "/exposure/people_reached"})
      EXPECT_EQ(read_dataset(dir / "one" / file, map), read_dataset(dir / "three" / file, map)) << file << " " << map;
  }
  // Rank 0 logs one line per scenario with the rank that ran it; no other rank writes.
  EXPECT_NE(three.out.find("rank 1"), std::string::npos) << three.out;
  EXPECT_NE(three.out.find("on 3 ranks: 3 done, 1 failed"), std::string::npos) << three.out;

  // Resuming under MPI: everything done is skipped, only the failure is tried again.
  const auto resumed = run_shell(polder_command("batch library.toml --out three", 3), dir);
  EXPECT_EQ(resumed.exit_code, 3) << resumed.out << resumed.err;
  EXPECT_NE(resumed.out.find("0 done, 1 failed, 3 skipped-complete"), std::string::npos) << resumed.out;
}

TEST(BatchMpi, BadLibraryStopsEveryRankWithOneLine) {
  const fs::path dir = fresh_dir("batch-mpi-bad");
  write_library(dir);
  polder::test::write_text(dir / "listed.toml", "[scenario]\nname = \"x\"\n[simulation]\nduraton = \"1h\"\n");
  const auto r = run_shell(polder_command("batch library.toml --out out", 3), dir);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("listed.toml"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("polder: error:"), r.err.rfind("polder: error:")) << "one error line, from rank 0:\n" << r.err;
  EXPECT_FALSE(fs::exists(dir / "out/index.csv"));
}
