#pragma once
// Exact solutions of the shallow-water equations used by the validation tests.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace polder::test {

// Ritter (1892): dam of depth h0 at x0 released at t = 0 onto a dry, flat, frictionless bed
// (water on the left). In the rarefaction fan −c0·t ≤ x − x0 ≤ 2·c0·t, c0 = √(g·h0):
//   h = (2·c0 − (x − x0)/t)² / (9g),  u = 2/3·((x − x0)/t + c0).
struct Ritter {
  double h0, x0, g;
  [[nodiscard]] double depth(double x, double t) const {
    const double c0 = std::sqrt(g * h0);
    const double xi = (x - x0) / t;
    if (xi <= -c0) return h0;
    if (xi >= 2.0 * c0) return 0.0;
    const double s = 2.0 * c0 - xi;
    return s * s / (9.0 * g);
  }
};

// Stoker (1957): dam break on a wet, flat, frictionless bed, hl > hr > 0 at rest. A rarefaction to
// the left, a constant middle state (hm, um), a shock of speed s to the right. The middle state
// solves the rarefaction–shock relation (e.g. Wu, Huang & Zheng 1999; SWASHES §4.1.1)
//   2·(√(g·hl) − √(g·hm)) = (hm − hr)·√(g·(hm + hr)/(2·hm·hr)),  s = hm·um/(hm − hr),
// here by bisection to round-off.
struct Stoker {
  double hl, hr, x0, g;
  double hm = 0.0, um = 0.0, cm = 0.0, shock_speed = 0.0;

  Stoker(double hl_, double hr_, double x0_, double g_) : hl(hl_), hr(hr_), x0(x0_), g(g_) {
    if (!(hl > hr && hr > 0.0)) throw std::invalid_argument("Stoker needs hl > hr > 0");
    const double cl = std::sqrt(g * hl);
    auto f = [&](double h) {
      return 2.0 * (cl - std::sqrt(g * h)) - (h - hr) * std::sqrt(g * (h + hr) / (2.0 * h * hr));
    };
    double a = hr;  // f(a) > 0
    double b = hl;  // f(b) < 0
    for (int it = 0; it < 200 && b - a > 1e-15 * hl; ++it) {
      const double m = 0.5 * (a + b);
      (f(m) > 0.0 ? a : b) = m;
    }
    hm = 0.5 * (a + b);
    cm = std::sqrt(g * hm);
    um = 2.0 * (cl - cm);
    shock_speed = hm * um / (hm - hr);
  }

  [[nodiscard]] double depth(double x, double t) const {
    const double cl = std::sqrt(g * hl);
    const double xi = (x - x0) / t;
    if (xi <= -cl) return hl;
    if (xi <= um - cm) {
      const double s = 2.0 * cl - xi;
      return s * s / (9.0 * g);
    }
    if (xi < shock_speed) return hm;
    return hr;
  }
};

// Thacker (1981) planar surface oscillating in a paraboloid, as in SWASHES §4.2.2 (Delestre et al.
// 2013): bed z = −h0·(1 − r²/a²) around (xc, yc); frictionless;
//   h = max(0, η·h0/a²·(2·X·cos ωt + 2·Y·sin ωt − η) − z),  u = −η·ω·sin ωt,  v = η·ω·cos ωt,
// with X = x − xc, Y = y − yc, ω = √(2·g·h0)/a. The wet region is the disc of radius a centred at
// (xc + η·cos ωt, yc + η·sin ωt); the period is 2π/ω.
struct ThackerPlanar {
  double a, h0, eta, xc, yc, g;
  [[nodiscard]] double omega() const { return std::sqrt(2.0 * g * h0) / a; }
  [[nodiscard]] double period() const { return 2.0 * std::numbers::pi / omega(); }
  [[nodiscard]] double bed(double x, double y) const {
    const double X = x - xc;
    const double Y = y - yc;
    return -h0 * (1.0 - (X * X + Y * Y) / (a * a));
  }
  [[nodiscard]] double depth(double x, double y, double t) const {
    const double w = omega();
    const double X = x - xc;
    const double Y = y - yc;
    const double level = eta * h0 / (a * a) * (2.0 * X * std::cos(w * t) + 2.0 * Y * std::sin(w * t) - eta);
    return std::max(0.0, level - bed(x, y));
  }
  [[nodiscard]] double u(double t) const { return -eta * omega() * std::sin(omega() * t); }
  [[nodiscard]] double v(double t) const { return eta * omega() * std::cos(omega() * t); }
  // Distance of (x, y) from the centre of the wet disc at time t.
  [[nodiscard]] double distance_from_wet_centre(double x, double y, double t) const {
    const double w = omega();
    return std::hypot(x - xc - eta * std::cos(w * t), y - yc - eta * std::sin(w * t));
  }
};

}  // namespace polder::test
