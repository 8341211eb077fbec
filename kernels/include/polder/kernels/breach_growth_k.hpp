#pragma once
// Breach widening after Verheij & van der Knaap (2002), as applied in D-Flow FM:
//   dB/dt [m/h] = (f1·f2/ln 10) · (g·Δh)^1.5 / u_c² / (1 + f2·g·τ/u_c)
// with τ the hours since the end of crest lowering and g [m/s²], u_c [m/s], Δh [m] in SI: the
// empirical constants absorb the mixed units. With Δh constant this integrates to
//   B = B0 + f1·√g·Δh^1.5/u_c · log10(1 + f2·g·τ/u_c).
#include <cmath>

#include "polder/kernels/hd.hpp"

namespace polder {

struct BreachGrowthLaw {
  double f1 = 1.3;
  double f2 = 0.04;
  double critical_velocity = 0.2;  // u_c [m/s]: 0.2 sand core, 0.5 clay
};

// Widening rate [m/h] at τ hours after lowering ended, for head difference Δh [m].
POLDER_HD inline double breach_widening_rate_m_per_h(const BreachGrowthLaw& law, double dh, double tau_h, double g) {
  if (dh <= 0.0) return 0.0;
  const double uc = law.critical_velocity;
  const double gdh = g * dh;
  return law.f1 * law.f2 / std::log(10.0) * gdh * std::sqrt(gdh) / (uc * uc) / (1.0 + law.f2 * g * tau_h / uc);
}

// The closed form with constant Δh, for tests and documentation.
inline double breach_width_constant_head(const BreachGrowthLaw& law, double b0, double dh, double tau_h, double g) {
  const double uc = law.critical_velocity;
  return b0 + law.f1 * std::sqrt(g) * dh * std::sqrt(dh) / uc * std::log10(1.0 + law.f2 * g * tau_h / uc);
}

}  // namespace polder
