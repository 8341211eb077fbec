#pragma once
// Splitting a grid of nx × ny cells into px × py rectangular blocks, one per rank. Pure
// arithmetic (no MPI), so layouts are testable anywhere and every rank computes the same one.
#include <stdexcept>
#include <string>

namespace polder::parallel {

// Raised when the grid cannot be split into blocks at least `min_block_cells` wide and high.
class DecompositionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The halo is one cell wide; a block must be at least this many cells across so that the
// free-edge stencil (two cells inward) and the halo never reach past a neighbour.
inline constexpr int min_block_cells = 2;

struct BlockLayout {
  int px = 1;  // blocks along x (columns)
  int py = 1;  // blocks along y (rows)
};

// Owned cells of one rank, global indices, inclusive; neighbours are ranks, -1 at the grid edge.
struct Block {
  int rank = 0;
  int cx = 0, cy = 0;  // block coordinates; rank = cy·px + cx
  int i0 = 0, i1 = 0, j0 = 0, j1 = 0;
  int west = -1, east = -1, south = -1, north = -1;
  [[nodiscard]] int width() const { return i1 - i0 + 1; }
  [[nodiscard]] int height() const { return j1 - j0 + 1; }
};

// px·py = ranks, choosing among the factorisations the one with the shortest total cut
// (px−1)·ny + (py−1)·nx — the halo traffic per step — that keeps every block at least
// min_block_cells across. Throws DecompositionError when none does.
[[nodiscard]] BlockLayout choose_layout(int ranks, int nx, int ny);

// Block `rank` of the layout: part k of n cells split in p parts covers [k·n/p, (k+1)·n/p).
[[nodiscard]] Block block_of(int rank, BlockLayout layout, int nx, int ny);

}  // namespace polder::parallel
