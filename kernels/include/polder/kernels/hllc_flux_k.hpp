#pragma once
// HLLC approximate Riemann solver for the shallow-water equations in the face-normal direction,
// with wet/dry wave-speed estimates after Toro (2001), "Shock-Capturing Methods for Free-Surface
// Shallow Flows", eqs. 10.17-10.23 (two-rarefaction estimate, dry-bed speeds u ± 2c).
// Pure function of values: no memory access, callable on host and device.
#include <cmath>

#include "polder/kernels/hd.hpp"

namespace polder {

template <class Real>
struct NormalFlux {
  Real mass;      // h·u_n                    [m²/s]
  Real momentum;  // h·u_n² + g·h²/2          [m³/s²]
  Real transverse;// h·u_n·u_t                [m³/s²]
  Real speed;     // largest |wave speed|     [m/s]
};

template <class Real>
POLDER_HD inline NormalFlux<Real> hllc_flux(Real hl, Real ul, Real vl, Real hr, Real ur, Real vr, Real g) {
  using std::sqrt;
  const Real zero(0);
  if (hl <= zero && hr <= zero) return {zero, zero, zero, zero};
  const Real cl = sqrt(g * hl);
  const Real cr = sqrt(g * hr);
  Real sl;
  Real sr;
  if (hl <= zero) {
    sl = ur - Real(2) * cr;
    sr = ur + cr;
  } else if (hr <= zero) {
    sl = ul - cl;
    sr = ul + Real(2) * cl;
  } else {
    const Real root = Real(0.5) * (cl + cr) + Real(0.25) * (ul - ur);
    const Real c_star = root > zero ? root : zero;  // h* = c*²/g, so c* = max(0, root)
    const Real u_star = Real(0.5) * (ul + ur) + cl - cr;
    sl = (ul - cl) < (u_star - c_star) ? (ul - cl) : (u_star - c_star);
    sr = (ur + cr) > (u_star + c_star) ? (ur + cr) : (u_star + c_star);
  }
  const Real half_g = Real(0.5) * g;
  const Real fl_mass = hl * ul;
  const Real fr_mass = hr * ur;
  const Real fl_mom = hl * ul * ul + half_g * hl * hl;
  const Real fr_mom = hr * ur * ur + half_g * hr * hr;
  const Real speed = (sl < zero ? -sl : sl) > (sr < zero ? -sr : sr) ? (sl < zero ? -sl : sl) : (sr < zero ? -sr : sr);
  if (sl >= zero) return {fl_mass, fl_mom, fl_mass * vl, speed};
  if (sr <= zero) return {fr_mass, fr_mom, fr_mass * vr, speed};
  const Real inv = Real(1) / (sr - sl);
  const Real mass = (sr * fl_mass - sl * fr_mass + sl * sr * (hr - hl)) * inv;
  const Real mom = (sr * fl_mom - sl * fr_mom + sl * sr * (hr * ur - hl * ul)) * inv;
  // Contact (shear) wave speed, Toro eq. 10.71; the transverse velocity is carried across it.
  const Real denom = hr * (ur - sr) - hl * (ul - sl);
  const Real s_star = (sl * hr * (ur - sr) - sr * hl * (ul - sl)) / denom;
  const Real transverse = mass * (s_star >= zero ? vl : vr);
  return {mass, mom, transverse, speed};
}

}  // namespace polder
