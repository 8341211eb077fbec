#pragma once
namespace polder {

// Standard gravity [m/s²].
inline constexpr double gravity = 9.80665;

// Parameters the point functions need, passed by value into every launch.
template <class Real>
struct SweParams {
  Real g = Real(gravity);
  // Below this depth [m] a cell carries no momentum: its velocity is taken as zero. Its water
  // still counts and still moves through the pressure (depth) terms, so mass is exact.
  Real h_dry = Real(1e-6);
};

}  // namespace polder
