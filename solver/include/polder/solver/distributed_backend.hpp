#pragma once
// One scenario over many MPI ranks: each rank runs an ordinary backend on its block of the grid
// plus a one-cell halo, and this wrapper presents the whole grid behind the SweBackend interface,
// so the time loop (Simulation) runs unchanged, and identically, on every rank.
//
// Why results equal the one-rank run bit for bit: the halo holds the neighbours' exact state
// before every flux computation, every face flux is computed from the same two cells, and the
// time step comes from the global maxima of the wave speeds (a max is exact in any order).
// Only sums (volumes, counts) may differ in the last bits, through their reduction order.
#include <memory>

#include "polder/parallel/block_decomposition.hpp"
#include "polder/solver/swe_backend.hpp"

namespace polder {

// Collective: every rank calls it with the same global setup. Throws parallel::DecompositionError
// when the grid is too small for the number of ranks. With CUDA, rank r uses GPU r mod (GPUs on
// its node). The constructor is a collective checkpoint (see parallel::first_failure): a rank that
// failed before reaching it makes every rank throw parallel::CollectiveFailure.
std::unique_ptr<SweBackend> make_distributed_backend(BackendKind kind, const SweSetup& global, Precision precision);

// What decomposition costs this rank (for the benchmark): bytes it sends per halo exchange (one
// exchange per step), exchanges so far and the wall time spent in them and in the step's
// reductions, which includes waiting for slower ranks.
struct HaloTraffic {
  std::size_t bytes_sent_per_exchange = 0;
  long exchanges = 0;
  double exchange_wall_s = 0.0;
  double reduction_wall_s = 0.0;
  parallel::Block block;
  parallel::BlockLayout layout;
};
[[nodiscard]] HaloTraffic halo_traffic(const SweBackend& distributed);

}  // namespace polder
