#include "polder/parallel/block_decomposition.hpp"

#include <limits>

namespace polder::parallel {

namespace {
int part_start(int k, int n, int p) { return static_cast<int>(static_cast<long long>(k) * n / p); }
}  // namespace

BlockLayout choose_layout(int ranks, int nx, int ny) {
  if (ranks < 1) throw DecompositionError("the number of ranks must be at least 1");
  BlockLayout best{0, 0};
  long long best_cut = std::numeric_limits<long long>::max();
  for (int px = 1; px <= ranks; ++px) {
    if (ranks % px != 0) continue;
    const int py = ranks / px;
    // The smallest block of an uneven split is floor(n/p) cells across.
    if (nx / px < min_block_cells && px > 1) continue;
    if (ny / py < min_block_cells && py > 1) continue;
    const long long cut = static_cast<long long>(px - 1) * ny + static_cast<long long>(py - 1) * nx;
    if (cut < best_cut) {
      best_cut = cut;
      best = {px, py};
    }
  }
  if (best.px == 0)
    throw DecompositionError("a grid of " + std::to_string(nx) + " x " + std::to_string(ny) + " cells cannot be split over " +
                             std::to_string(ranks) + " ranks with every subdomain at least " +
                             std::to_string(min_block_cells) + " cells across (the halo needs them); use fewer ranks");
  return best;
}

Block block_of(int rank, BlockLayout layout, int nx, int ny) {
  Block b;
  b.rank = rank;
  b.cx = rank % layout.px;
  b.cy = rank / layout.px;
  b.i0 = part_start(b.cx, nx, layout.px);
  b.i1 = part_start(b.cx + 1, nx, layout.px) - 1;
  b.j0 = part_start(b.cy, ny, layout.py);
  b.j1 = part_start(b.cy + 1, ny, layout.py) - 1;
  b.west = b.cx > 0 ? rank - 1 : -1;
  b.east = b.cx < layout.px - 1 ? rank + 1 : -1;
  b.south = b.cy > 0 ? rank - layout.px : -1;
  b.north = b.cy < layout.py - 1 ? rank + layout.px : -1;
  return b;
}

}  // namespace polder::parallel
