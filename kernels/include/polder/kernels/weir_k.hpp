#pragma once
// Broad-crested weir discharge with heads measured above the crest (domain.md, issue 4):
//   free flow   (H_down ≤ 2/3·H_up): Q = (2/3)^1.5 · √g · B · H_up^1.5
//   submerged   (H_down > 2/3·H_up): Q = B · H_down · √(2g·(H_up − H_down))
// The submerged coefficient 1 makes Q continuous at the switch.
#include <cmath>

#include "polder/kernels/hd.hpp"

namespace polder {

struct WeirFlow {
  double discharge;   // [m³/s], positive from side a to side b
  double flow_depth;  // depth of flow on the crest [m]: 2/3·H_up (free) or H_down (submerged)
  bool submerged;
};

POLDER_HD inline WeirFlow broad_crested_weir(double level_a, double level_b, double crest, double width, double g) {
  using std::sqrt;
  const double head_a = level_a > crest ? level_a - crest : 0.0;
  const double head_b = level_b > crest ? level_b - crest : 0.0;
  const bool a_up = head_a >= head_b;
  const double up = a_up ? head_a : head_b;
  const double down = a_up ? head_b : head_a;
  const double sign = a_up ? 1.0 : -1.0;
  if (up <= 0.0 || width <= 0.0) return {0.0, 0.0, false};
  if (down <= 2.0 / 3.0 * up) {
    const double q = sqrt(8.0 / 27.0) * sqrt(g) * width * up * sqrt(up);
    return {sign * q, 2.0 / 3.0 * up, false};
  }
  const double q = width * down * sqrt(2.0 * g * (up - down));
  return {sign * q, down, true};
}

}  // namespace polder
