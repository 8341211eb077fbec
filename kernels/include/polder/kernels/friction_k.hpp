#pragma once
// Manning bed friction, applied implicitly after the flux update (operator splitting):
//   q_new = q / (1 + dt·g·n²·|u| / h^(4/3)),  |u| = |q|/h.
// The denominator grows without bound as h → 0, so the update damps rather than reverses
// momentum for any time step: stable at wet/dry fronts.
#include <cmath>

#include "polder/kernels/hd.hpp"

namespace polder {

template <class Real>
POLDER_HD inline Real manning_implicit_factor(Real h, Real qx, Real qy, Real n, Real dt, Real g) {
  using std::cbrt;
  using std::sqrt;
  if (n <= Real(0)) return Real(1);
  const Real speed = sqrt(qx * qx + qy * qy) / h;
  const Real h43 = h * cbrt(h);
  return Real(1) / (Real(1) + dt * g * n * n * speed / h43);
}

}  // namespace polder
