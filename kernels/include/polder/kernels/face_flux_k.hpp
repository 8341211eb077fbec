#pragma once
// Flux through one cell face with hydrostatic reconstruction (Audusse, Bouchut, Bristeau, Klein &
// Perthame 2004, SIAM J. Sci. Comput. 25(6)): depths are rebuilt against the higher of the two
// beds, so a lake at rest stays at rest (well-balanced) and depth stays non-negative under the
// CFL condition. Each side receives its own normal-momentum flux, the HLLC flux corrected by
// g/2·(h² − h*²), which carries the bed-slope source term.
#include <limits>

#include "polder/kernels/hd.hpp"
#include "polder/kernels/hllc_flux_k.hpp"

namespace polder {

// One side of a face, in face-normal coordinates.
template <class Real>
struct FaceSide {
  Real h;   // depth [m]
  Real qn;  // discharge per unit width normal to the face [m²/s]
  Real qt;  // discharge per unit width along the face [m²/s]
  Real z;   // bed level [m]
};

template <class Real>
struct FaceFlux {
  Real mass;          // [m²/s], positive from left to right
  Real momentum_left; // normal momentum flux seen by the left cell  [m³/s²]
  Real momentum_right;// normal momentum flux seen by the right cell [m³/s²]
  Real transverse;    // transverse momentum flux [m³/s²]
  Real speed;         // largest |wave speed| at the face [m/s]
};

// Velocity of a cell: zero below the dry depth, where q/h is not meaningful.
template <class Real>
POLDER_HD inline Real cell_velocity(Real q, Real h, Real h_dry) {
  return h > h_dry ? q / h : Real(0);
}

template <class Real>
POLDER_HD inline FaceFlux<Real> face_flux(FaceSide<Real> l, FaceSide<Real> r, Real g, Real h_dry) {
  const Real zf = l.z > r.z ? l.z : r.z;
  const Real hl_raw = l.h + l.z - zf;
  const Real hr_raw = r.h + r.z - zf;
  const Real hl = hl_raw > Real(0) ? hl_raw : Real(0);
  const Real hr = hr_raw > Real(0) ? hr_raw : Real(0);
  if (hl <= Real(0) && hr <= Real(0)) {
    // Both reconstructed sides dry: no exchange; only the hydrostatic correction remains.
    const Real half_g = Real(0.5) * g;
    return {Real(0), half_g * l.h * l.h, half_g * r.h * r.h, Real(0), Real(0)};
  }
  const Real ul = cell_velocity(l.qn, l.h, h_dry);
  const Real vl = cell_velocity(l.qt, l.h, h_dry);
  const Real ur = cell_velocity(r.qn, r.h, h_dry);
  const Real vr = cell_velocity(r.qt, r.h, h_dry);
  const NormalFlux<Real> f = hllc_flux(hl, ul, vl, hr, ur, vr, g);
  const Real half_g = Real(0.5) * g;
  return {f.mass, f.momentum + half_g * (l.h * l.h - hl * hl), f.momentum + half_g * (r.h * r.h - hr * hr),
          f.transverse, f.speed};
}

// A closed wall: the outside is the mirror image of the inside (normal velocity reversed), so
// no mass crosses and the wall pushes back with the star-state pressure. "inside_left" means the
// model cell lies on the left (west/south) of the face.
template <class Real>
POLDER_HD inline FaceFlux<Real> wall_flux_inside_left(FaceSide<Real> inside, Real g, Real h_dry) {
  FaceSide<Real> mirror{inside.h, -inside.qn, inside.qt, inside.z};
  FaceFlux<Real> f = face_flux(inside, mirror, g, h_dry);
  f.mass = Real(0);
  f.transverse = Real(0);
  return f;
}

template <class Real>
POLDER_HD inline FaceFlux<Real> wall_flux_inside_right(FaceSide<Real> inside, Real g, Real h_dry) {
  FaceSide<Real> mirror{inside.h, -inside.qn, inside.qt, inside.z};
  FaceFlux<Real> f = face_flux(mirror, inside, g, h_dry);
  f.mass = Real(0);
  f.transverse = Real(0);
  return f;
}

}  // namespace polder

namespace polder {

// A free (open) grid edge. All characteristics leave when the inside flow runs outward faster
// than its wave speed: then the face carries the inside state's own flux. Otherwise one condition
// must come from outside, and polder takes the flow to continue as uniform (normal) flow down the
// water-surface slope towards the edge: q = h^(5/3)·√S / n (Manning), capped at critical flow
// √(g·h³), outward only. A lake at rest (S = 0) stays at rest; a channel keeps its normal depth.
// Without friction (n = 0) there is no normal flow, and the fall drives the outflow as over an
// overfall, u = √(2g·fall). A fall below max(1e-6 m, 64 ulps of max(|z|, h, 1)) counts as none
// (the law starts from zero there), so a lake at rest is not drained by rounding.
// `outward` is +1 when the inside cell lies left of the face (east/north edge), −1 otherwise;
// `fall` is the drop of the water surface from the inland neighbour to the edge cell [m] over
// `spacing` [m]; `n` is the inside Manning n.
template <class Real>
POLDER_HD inline FaceFlux<Real> free_edge_flux(FaceSide<Real> inside, Real outward, Real fall, Real spacing, Real n,
                                               Real g, Real h_dry) {
  using std::sqrt;
  const Real h = inside.h;
  if (h <= h_dry) return {Real(0), Real(0), Real(0), Real(0), Real(0)};
  const Real c = sqrt(g * h);
  const Real u_out = outward * inside.qn / h;  // inside velocity, positive towards the edge
  const Real v = inside.qt / h;
  if (u_out >= c) {
    const Real half_g_h2 = Real(0.5) * g * h * h;
    const Real q = u_out * h;
    return {outward * q, q * u_out + half_g_h2, q * u_out + half_g_h2, outward * q * v, u_out + c};
  }
  const Real critical = h * c;
  // Levels are sums h + z, so their rounding scales with the larger of |z| and h, not with |h + z|.
  const Real abs_z = inside.z < Real(0) ? -inside.z : inside.z;
  const Real scale = (abs_z > h ? abs_z : h) > Real(1) ? (abs_z > h ? abs_z : h) : Real(1);
  const Real round_off = Real(64) * std::numeric_limits<Real>::epsilon() * scale;
  const Real still = round_off > Real(1e-6) ? round_off : Real(1e-6);
  Real q = Real(0);
  if (fall > still) {
    using std::cbrt;
    const Real head = fall - still;  // continuous from zero at the threshold
    const Real h53 = h * cbrt(h * h);
    q = n > Real(0) ? h53 * sqrt(head / spacing) / n : h * sqrt(Real(2) * g * head);
    q = q < critical ? q : critical;
  }
  // The face reflects like a wall (so momentum running into it is pushed back and round-off
  // cannot build up), and passes the outflow q with the momentum it carries out.
  FaceFlux<Real> f = outward > Real(0) ? wall_flux_inside_left(inside, g, h_dry) : wall_flux_inside_right(inside, g, h_dry);
  const Real u = q / h;
  f.mass = outward * q;
  f.momentum_left += q * u;
  f.momentum_right += q * u;
  f.transverse = outward * q * v;
  f.speed = f.speed > u + c ? f.speed : u + c;
  return f;
}

}  // namespace polder
