#pragma once
// Flux through one cell face with hydrostatic reconstruction (Audusse, Bouchut, Bristeau, Klein &
// Perthame 2004, SIAM J. Sci. Comput. 25(6)): depths are rebuilt against the higher of the two
// beds, so a lake at rest stays at rest (well-balanced) and depth stays non-negative under the
// CFL condition. Each side receives its own normal-momentum flux, the HLLC flux corrected by
// g/2·(h² − h*²), which carries the bed-slope source term.
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
