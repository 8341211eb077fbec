// Collective error handling: one rank's failure reaches every rank, with its message and exit
// code, instead of leaving the others waiting in a collective.
#include <gtest/gtest.h>

#include "polder/parallel/comm.hpp"

namespace polder::parallel {
namespace {

TEST(Collectives, NoFailureMeansEveryRankGoesOn) {
  EXPECT_NO_THROW(checkpoint());
  EXPECT_FALSE(first_failure(std::nullopt).has_value());
}

TEST(Collectives, TheLowestFailingRankIsReportedEverywhere) {
  const int failing = size() - 1;  // the last rank (rank 0 itself when run alone)
  if (rank() == failing) {
    const auto f = first_failure(Failure{rank(), "polder: error: bad.toml: [breach] x: outside the grid", 2});
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->rank, failing);
  } else {
    try {
      checkpoint();
      FAIL() << "checkpoint() must throw when another rank failed";
    } catch (const CollectiveFailure& e) {
      EXPECT_EQ(e.failure().rank, failing);
      EXPECT_EQ(e.failure().exit_code, 2);
      EXPECT_EQ(e.failure().message, "polder: error: bad.toml: [breach] x: outside the grid");
    }
  }
}

TEST(Collectives, SumsAndMaximaAgree) {
  EXPECT_EQ(sum_all(1.0), double(size()));
  EXPECT_EQ(max_all(double(rank())), double(size() - 1));
  EXPECT_EQ(min_all(double(rank())), 0.0);
  std::vector<double> v{double(rank()), 1.0};
  sum_all(v);
  EXPECT_EQ(v[0], double(size() * (size() - 1) / 2));
  EXPECT_EQ(v[1], double(size()));
  EXPECT_EQ(broadcast(rank() == 0 ? "from the root" : "not this"), "from the root");
  const std::vector<std::int32_t> all = gather_to_root(std::vector<std::int32_t>(std::size_t(rank() + 1), rank()));
  if (is_root()) {
    ASSERT_EQ(all.size(), std::size_t(size() * (size() + 1) / 2));
    EXPECT_EQ(all.back(), size() - 1);
  } else {
    EXPECT_TRUE(all.empty());
  }
}

}  // namespace
}  // namespace polder::parallel
