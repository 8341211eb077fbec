// Unit tests of the point physics in kernels/include/polder/kernels/*_k.hpp. Every expected value
// is either a closed form evaluated independently here or a hand-computed number (Python, double).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

#include "polder/kernels/breach_growth_k.hpp"
#include "polder/kernels/face_flux_k.hpp"
#include "polder/kernels/friction_k.hpp"
#include "polder/kernels/hllc_flux_k.hpp"
#include "polder/kernels/swe_constants.hpp"
#include "polder/kernels/weir_k.hpp"

namespace polder {
namespace {

constexpr double g = gravity;

// Relative comparison with a floor of 1 on the scale, for fluxes of order one.
void expect_close(double actual, double expected, double rel, const char* what) {
  EXPECT_NEAR(actual, expected, rel * std::max(1.0, std::abs(expected))) << what;
}

// ---------------------------------------------------------------------------------------------
// HLLC (hllc_flux_k.hpp)

TEST(Hllc, EqualStatesGiveThePhysicalFlux) {
  // Consistency F(U, U) = F(U): h·u, h·u² + g·h²/2, h·u·v. Sub- and supercritical, both signs.
  // Tolerance 1e-13 relative: the HLLC average of two equal fluxes differs from them by round-off.
  const std::array<std::array<double, 3>, 6> states{{{2.0, 0.5, 0.3},
                                                     {1.0, -1.2, 0.7},
                                                     {3.0, 8.0, -1.0},
                                                     {0.5, -5.0, 2.0},
                                                     {0.01, 0.0, 0.0},
                                                     {7.0, 1e-3, -4.0}}};
  for (const auto& [h, u, v] : states) {
    const NormalFlux<double> f = hllc_flux(h, u, v, h, u, v, g);
    expect_close(f.mass, h * u, 1e-13, "mass");
    expect_close(f.momentum, h * u * u + 0.5 * g * h * h, 1e-13, "momentum");
    expect_close(f.transverse, h * u * v, 1e-13, "transverse");
    // The fastest wave of a single state is |u| + c.
    expect_close(f.speed, std::abs(u) + std::sqrt(g * h), 1e-13, "speed");
  }
}

TEST(Hllc, SupercriticalFlowTakesTheUpwindFluxExactly) {
  // sl ≥ 0: the left physical flux, bit for bit.
  const double hl = 1.0, ul = 6.0, vl = 0.5;  // c = 3.13, Fr = 1.9
  const NormalFlux<double> f = hllc_flux(hl, ul, vl, 0.9, 6.2, -0.1, g);
  EXPECT_EQ(f.mass, hl * ul);
  EXPECT_EQ(f.momentum, hl * ul * ul + 0.5 * g * hl * hl);
  EXPECT_EQ(f.transverse, hl * ul * vl);
}

TEST(Hllc, MirrorImageReversesMassAndTransverseFluxOnly) {
  // Reflecting x → −x swaps the states and negates normal velocities: the mass and transverse
  // fluxes change sign, the normal momentum flux and the speed do not. Tolerance 1e-12 relative.
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> depth(0.0, 5.0), vel(-4.0, 4.0);
  for (int k = 0; k < 2000; ++k) {
    const double hl = k % 7 == 0 ? 0.0 : depth(rng);
    const double hr = k % 11 == 0 ? 0.0 : depth(rng);
    const double ul = vel(rng), vl = vel(rng), ur = vel(rng), vr = vel(rng);
    const NormalFlux<double> a = hllc_flux(hl, ul, vl, hr, ur, vr, g);
    const NormalFlux<double> b = hllc_flux(hr, -ur, vr, hl, -ul, vl, g);
    const double scale = std::max({1.0, std::abs(a.mass), std::abs(a.momentum), std::abs(a.transverse)});
    ASSERT_NEAR(b.mass, -a.mass, 1e-12 * scale) << "k=" << k;
    ASSERT_NEAR(b.momentum, a.momentum, 1e-12 * scale) << "k=" << k;
    ASSERT_NEAR(b.transverse, -a.transverse, 1e-12 * scale) << "k=" << k;
    ASSERT_NEAR(b.speed, a.speed, 1e-12 * std::max(1.0, a.speed)) << "k=" << k;
  }
}

TEST(Hllc, DryDryGivesExactlyZero) {
  for (const double u : {0.0, 3.0, -2.0}) {
    const NormalFlux<double> f = hllc_flux(0.0, u, 1.0, 0.0, -u, 2.0, g);
    EXPECT_EQ(f.mass, 0.0);
    EXPECT_EQ(f.momentum, 0.0);
    EXPECT_EQ(f.transverse, 0.0);
    EXPECT_EQ(f.speed, 0.0);
  }
}

TEST(Hllc, DryBedSpeedsAreUPlusOrMinusTwoC) {
  // Toro (2001) eq. 10.23: against a dry right side SL = uL − cL, SR = uL + 2·cL; against a dry
  // left side SL = uR − 2·cR, SR = uR + cR. Exact to round-off (1e-14 relative).
  const double h = 2.0, u = 1.0, c = std::sqrt(g * h);
  const NormalFlux<double> right_dry = hllc_flux(h, u, 0.0, 0.0, 0.0, 0.0, g);
  EXPECT_NEAR(right_dry.speed, u + 2.0 * c, 1e-14 * (u + 2.0 * c));
  EXPECT_GT(right_dry.mass, 0.0);  // water runs onto the dry side
  const NormalFlux<double> left_dry = hllc_flux(0.0, 0.0, 0.0, h, -u, 0.0, g);
  EXPECT_NEAR(left_dry.speed, u + 2.0 * c, 1e-14 * (u + 2.0 * c));
  EXPECT_LT(left_dry.mass, 0.0);
  // HLL mass flux with these speeds, by hand: −SL·SR·(0 − h)/(SR − SL) for the dry right side.
  const double sl = u - c, sr = u + 2.0 * c;
  const double fl = h * u;
  expect_close(right_dry.mass, (sr * fl + sl * sr * (0.0 - h)) / (sr - sl), 1e-14, "dry-bed HLL mass");
}

// ---------------------------------------------------------------------------------------------
// Face flux with hydrostatic reconstruction (face_flux_k.hpp)

TEST(FaceFlux, LakeAtRestIsBalancedOverDifferentBeds) {
  // Levels equal, beds different: no mass moves, and each cell sees exactly its own hydrostatic
  // pressure g·h²/2, so the momentum of a cell between two such faces is unchanged.
  // Representable levels (3.0): exact. Non-representable (0.3 + 1.7): within 1e-14 relative.
  {
    const auto f = face_flux<double>({2.0, 0.0, 0.0, 1.0}, {1.0, 0.0, 0.0, 2.0}, g, 1e-6);
    EXPECT_EQ(f.mass, 0.0);
    EXPECT_DOUBLE_EQ(f.momentum_left, 0.5 * g * 4.0);
    EXPECT_DOUBLE_EQ(f.momentum_right, 0.5 * g * 1.0);
  }
  {
    const double zl = 0.3, zc = 1.1, zr = -0.45, level = 2.0;
    const FaceSide<double> w{level - zl, 0.0, 0.0, zl}, c{level - zc, 0.0, 0.0, zc}, e{level - zr, 0.0, 0.0, zr};
    const auto west_face = face_flux(w, c, g, 1e-6);
    const auto east_face = face_flux(c, e, g, 1e-6);
    EXPECT_NEAR(west_face.mass, 0.0, 1e-14);
    EXPECT_NEAR(east_face.mass, 0.0, 1e-14);
    // Net momentum flux into the middle cell: east.momentum_left − west.momentum_right = 0.
    EXPECT_NEAR(east_face.momentum_left - west_face.momentum_right, 0.0, 1e-14 * g * c.h * c.h);
    EXPECT_NEAR(east_face.momentum_left, 0.5 * g * c.h * c.h, 1e-14 * g * c.h * c.h);
  }
}

TEST(FaceFlux, ShorelineAgainstAHigherDryCellMovesNothing) {
  // Wet cell at level 3 next to a dry cell with bed 5: no mass, the wet cell keeps g·h²/2, the dry
  // one sees nothing. Also with a wet cell of depth below h_dry next to a deep one.
  const auto f = face_flux<double>({2.0, 0.0, 0.0, 1.0}, {0.0, 0.0, 0.0, 5.0}, g, 1e-6);
  EXPECT_EQ(f.mass, 0.0);
  EXPECT_EQ(f.speed, 0.0);
  EXPECT_DOUBLE_EQ(f.momentum_left, 0.5 * g * 4.0);
  EXPECT_EQ(f.momentum_right, 0.0);
  const auto thin = face_flux<double>({5e-7, 0.0, 0.0, 3.0 - 5e-7}, {2.0, 0.0, 0.0, 1.0}, g, 1e-6);
  EXPECT_NEAR(thin.mass, 0.0, 1e-18);  // round-off in 3 − 5e-7 only
}

TEST(FaceFlux, WallReflectsWithoutMass) {
  // Mirror state: zero mass flux; at rest the wall pressure is g·h²/2; water moving into the wall
  // is pushed back harder than hydrostatic.
  const FaceSide<double> at_rest{1.5, 0.0, 0.3, 0.2};
  const auto f0 = wall_flux_inside_left(at_rest, g, 1e-6);
  EXPECT_EQ(f0.mass, 0.0);
  EXPECT_DOUBLE_EQ(f0.momentum_left, 0.5 * g * 1.5 * 1.5);
  const auto f1 = wall_flux_inside_left(FaceSide<double>{1.5, 2.0, 0.0, 0.2}, g, 1e-6);
  EXPECT_EQ(f1.mass, 0.0);
  EXPECT_GT(f1.momentum_left, 0.5 * g * 1.5 * 1.5);
  const auto f2 = wall_flux_inside_right(FaceSide<double>{1.5, -2.0, 0.0, 0.2}, g, 1e-6);
  EXPECT_EQ(f2.mass, 0.0);
  EXPECT_DOUBLE_EQ(f2.momentum_right, f1.momentum_left);  // mirror image of the case above
}

TEST(FaceFlux, VelocityBelowDryDepthIsZero) {
  EXPECT_EQ(cell_velocity(1e-3, 1e-7, 1e-6), 0.0);
  EXPECT_DOUBLE_EQ(cell_velocity(1e-3, 1e-2, 1e-6), 0.1);
}

// ---------------------------------------------------------------------------------------------
// Manning friction (friction_k.hpp)

TEST(Friction, FactorLiesInZeroOne) {
  // 1/(1 + positive) ∈ (0, 1] for every depth, discharge, n and dt.
  for (const double h : {1e-9, 1e-6, 1e-3, 0.1, 1.0, 10.0})
    for (const double q : {-5.0, -0.1, 0.0, 1e-4, 2.0})
      for (const double n : {0.0, 0.012, 0.03, 0.2})
        for (const double dt : {1e-3, 1.0, 100.0}) {
          const double f = manning_implicit_factor(h, q, 0.5 * q, n, dt, g);
          ASSERT_TRUE(std::isfinite(f));
          ASSERT_GT(f, 0.0);
          ASSERT_LE(f, 1.0);
        }
  EXPECT_EQ(manning_implicit_factor(1.0, 2.0, 0.0, 0.0, 10.0, g), 1.0);   // no friction
  EXPECT_EQ(manning_implicit_factor(1.0, 0.0, 0.0, 0.03, 10.0, g), 1.0);  // no flow
}

TEST(Friction, FactorMatchesHandValueAndVanishesAsDepthVanishes) {
  // 1/(1 + dt·g·n²·|q|/h / h^(4/3)) at h = 0.8, q = (1.5, 2), n = 0.03, dt = 2: 0.930858288868791.
  EXPECT_NEAR(manning_implicit_factor(0.8, 1.5, 2.0, 0.03, 2.0, g), 0.930858288868791, 1e-14);
  // Fixed velocity 1 m/s: the factor decreases monotonically with h and is < 1e-6 at h = 1e-9.
  double previous = 1.0;
  for (double h = 1.0; h >= 1e-9; h /= 10.0) {
    const double f = manning_implicit_factor(h, h * 1.0, 0.0, 0.03, 1.0, g);
    EXPECT_LT(f, previous);
    previous = f;
  }
  EXPECT_LT(previous, 1e-6);
}

// ---------------------------------------------------------------------------------------------
// Broad-crested weir (weir_k.hpp)

TEST(Weir, FreeFlowMatchesHandValue) {
  // Q = (2/3)^1.5·√g·B·H^1.5 with B = 12, H_up = 1.5 (level 2.5, crest 1.0), downstream dry:
  // 37.57868544800363 m³/s by hand. Tolerance 1e-13 relative.
  const WeirFlow w = broad_crested_weir(2.5, 0.3, 1.0, 12.0, g);
  EXPECT_NEAR(w.discharge, 37.57868544800363, 1e-13 * 37.6);
  EXPECT_FALSE(w.submerged);
  EXPECT_DOUBLE_EQ(w.flow_depth, 1.0);  // 2/3·H_up
  // ≈ 1.705·B·H^1.5 (domain.md's rounded coefficient), as a guard against counting √g twice.
  EXPECT_NEAR(w.discharge / (12.0 * std::pow(1.5, 1.5)), 1.705, 1e-3);
}

TEST(Weir, SubmergedFlowMatchesHandValue) {
  // Q = B·H_down·√(2g·(H_up − H_down)), B = 12, H_up = 1.5, H_down = 1.2 (> 2/3·1.5 = 1.0):
  // 34.92998949899641 m³/s by hand. Tolerance 1e-12 relative (1.2 and 0.3 are not exact in binary).
  const WeirFlow w = broad_crested_weir(2.5, 2.2, 1.0, 12.0, g);
  EXPECT_NEAR(w.discharge, 34.92998949899641, 1e-12 * 35.0);
  EXPECT_TRUE(w.submerged);
  EXPECT_NEAR(w.flow_depth, 1.2, 1e-15);
}

TEST(Weir, ContinuousAtTheModularLimit) {
  // At H_down = 2/3·H_up both formulas give (2/3)^1.5·√g·B·H^1.5: the relative jump between the
  // free value at the limit and the submerged value one ulp above is < 1e-12.
  for (const double up : {0.3, 1.0, 2.7}) {
    const double limit = 2.0 / 3.0 * up;  // crest 0, so levels are heads
    const WeirFlow free_side = broad_crested_weir(up, limit, 0.0, 7.0, g);
    const WeirFlow sub_side = broad_crested_weir(up, std::nextafter(limit, 10.0), 0.0, 7.0, g);
    ASSERT_FALSE(free_side.submerged);
    ASSERT_TRUE(sub_side.submerged);
    EXPECT_LT(std::abs(sub_side.discharge - free_side.discharge) / free_side.discharge, 1e-12) << "H_up=" << up;
  }
}

TEST(Weir, ReversesWhenTheInsideIsHigher) {
  // Side a is outside: inside (b) higher gives the same magnitude with a negative sign.
  const WeirFlow in = broad_crested_weir(2.5, 1.3, 1.0, 12.0, g);
  const WeirFlow out = broad_crested_weir(1.3, 2.5, 1.0, 12.0, g);
  EXPECT_GT(in.discharge, 0.0);
  EXPECT_EQ(out.discharge, -in.discharge);
  const WeirFlow sub_out = broad_crested_weir(2.2, 2.5, 1.0, 12.0, g);
  EXPECT_NEAR(sub_out.discharge, -34.92998949899641, 1e-12 * 35.0);
}

TEST(Weir, ZeroWhenBothLevelsAreBelowTheCrest) {
  for (const auto& [a, b] : std::array<std::pair<double, double>, 4>{{{0.5, 0.9}, {0.99, 0.2}, {1.0, 1.0}, {-3.0, 1.0}}}) {
    const WeirFlow w = broad_crested_weir(a, b, 1.0, 12.0, g);
    EXPECT_EQ(w.discharge, 0.0);
    EXPECT_EQ(w.flow_depth, 0.0);
  }
  EXPECT_EQ(broad_crested_weir(1.5, 1.5, 1.0, 12.0, g).discharge, 0.0);  // equal heads
  EXPECT_EQ(broad_crested_weir(3.0, 0.0, 1.0, 0.0, g).discharge, 0.0);  // zero width
}

// ---------------------------------------------------------------------------------------------
// Breach widening (breach_growth_k.hpp)

TEST(BreachGrowth, RateIntegratesToTheClosedFormWithConstantHead) {
  // Step-by-step integration of dB/dt [m/h] with 1 s steps (rate at mid-step, as Breach does)
  // against B(τ) = B0 + f1·√g·Δh^1.5/u_c·log10(1 + f2·g·τ/u_c). Tolerance: 1e-6 relative to B.
  for (const double uc : {0.2, 0.5}) {
    BreachGrowthLaw law;
    law.critical_velocity = uc;
    const double b0 = 10.0, dh = 1.7;
    double b = b0;
    double worst = 0.0;
    for (int s = 0; s < 24 * 3600; ++s) {
      const double tau_mid_h = (s + 0.5) / 3600.0;
      b += breach_widening_rate_m_per_h(law, dh, tau_mid_h, g) / 3600.0;
      if ((s + 1) % 600 == 0) {
        const double exact = breach_width_constant_head(law, b0, dh, (s + 1) / 3600.0, g);
        worst = std::max(worst, std::abs(b - exact) / exact);
      }
    }
    EXPECT_LT(worst, 1e-6) << "u_c=" << uc;
    EXPECT_GT(b, b0 + 10.0);  // it did widen substantially
  }
}

TEST(BreachGrowth, RateIsTheDerivativeOfTheClosedForm) {
  // Central difference of the closed form, δ = 1e-4 h: truncation ~1e-9 relative; bound 1e-7.
  const BreachGrowthLaw law;
  for (const double tau : {0.01, 0.5, 3.0, 20.0})
    for (const double dh : {0.2, 1.0, 3.5}) {
      const double d = 1e-4;
      const double fd = (breach_width_constant_head(law, 0.0, dh, tau + d, g) - breach_width_constant_head(law, 0.0, dh, tau - d, g)) / (2 * d);
      const double rate = breach_widening_rate_m_per_h(law, dh, tau, g);
      EXPECT_NEAR(fd, rate, 1e-7 * rate) << "tau=" << tau << " dh=" << dh;
    }
}

TEST(BreachGrowth, NoGrowthWithoutPositiveHead) {
  const BreachGrowthLaw law;
  EXPECT_EQ(breach_widening_rate_m_per_h(law, 0.0, 1.0, g), 0.0);
  EXPECT_EQ(breach_widening_rate_m_per_h(law, -0.5, 1.0, g), 0.0);
  EXPECT_EQ(breach_widening_rate_m_per_h(law, -0.5, 0.0, g), 0.0);
}

}  // namespace
}  // namespace polder

// The free edge (face_flux_k.hpp, free_edge_flux): what it must do in each regime.
TEST(FreeEdgeFlux, StillWaterMeetsAWall) {
  const polder::FaceSide<double> inside{2.0, 0.0, 0.0, -1.0};
  const auto f = polder::free_edge_flux(inside, 1.0, 0.0, 10.0, 0.03, 9.81, 1e-6);
  const auto wall = polder::wall_flux_inside_left(inside, 9.81, 1e-6);
  EXPECT_EQ(f.mass, 0.0);
  EXPECT_DOUBLE_EQ(f.momentum_left, wall.momentum_left);
  // A fall below 1e-6 m is rounding, not a slope: still no outflow.
  EXPECT_EQ(polder::free_edge_flux(inside, 1.0, 5e-7, 10.0, 0.03, 9.81, 1e-6).mass, 0.0);
}

TEST(FreeEdgeFlux, UniformFlowDownTheSurfaceFall) {
  // h = 0.9689 m, S = 0.001, n = 0.03: Manning gives q = h^(5/3)·√S/n = 1.000 m²/s (1e-3 relative),
  // outward: positive mass flux through an east edge, negative through a west edge.
  const polder::FaceSide<double> inside{0.9689, 0.0, 0.0, 0.0};
  const double fall = 0.001 * 10.0;
  const auto east = polder::free_edge_flux(inside, 1.0, fall, 10.0, 0.03, 9.81, 1e-6);
  const auto west = polder::free_edge_flux(inside, -1.0, fall, 10.0, 0.03, 9.81, 1e-6);
  EXPECT_NEAR(east.mass, 1.0, 1e-3);
  EXPECT_DOUBLE_EQ(west.mass, -east.mass);
}

TEST(FreeEdgeFlux, CappedAtCriticalAndSupercriticalOutflowPasses) {
  const double g = 9.81;
  // A steep fall without friction would exceed critical flow: capped at √(g·h³).
  const polder::FaceSide<double> still{0.5, 0.0, 0.0, 0.0};
  EXPECT_NEAR(polder::free_edge_flux(still, 1.0, 5.0, 10.0, 0.0, g, 1e-6).mass, std::sqrt(g * 0.125), 1e-12);
  // Supercritical flow towards the edge leaves with its own flux (u = 5 m/s > c = 2.2 m/s).
  const polder::FaceSide<double> fast{0.5, 2.5, 0.0, 0.0};
  EXPECT_DOUBLE_EQ(polder::free_edge_flux(fast, 1.0, 0.0, 10.0, 0.03, g, 1e-6).mass, 2.5);
  // Flow away from the edge draws nothing in.
  const polder::FaceSide<double> inward{0.5, -0.5, 0.0, 0.0};
  EXPECT_LE(polder::free_edge_flux(inward, 1.0, 0.0, 10.0, 0.03, g, 1e-6).mass, 0.0);
}
