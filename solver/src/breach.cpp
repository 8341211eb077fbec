#include "polder/solver/breach.hpp"

#include <algorithm>
#include <cmath>

#include "polder/kernels/swe_constants.hpp"
#include "polder/kernels/weir_k.hpp"

namespace polder {

Breach::Breach(BreachParams params, std::size_t cell, double original_bed)
    : p_(std::move(params)), cell_(cell), original_bed_(original_bed), width_(p_.initial_width) {
  if (!p_.initial_crest) p_.initial_crest = original_bed;
  if (p_.growth == BreachGrowthModel::width_series) width_ = std::min(p_.width_series.at(0.0), p_.max_width);
}

double Breach::crest_at(double t_s) const {
  const double z0 = *p_.initial_crest;
  const double since = t_s - p_.start_s;
  if (since <= 0.0) return z0;
  if (p_.lowering_duration_s <= 0.0 || since >= p_.lowering_duration_s) return p_.min_crest;
  return z0 + (p_.min_crest - z0) * since / p_.lowering_duration_s;
}

double Breach::bed_at(double t_s) const { return std::min(original_bed_, crest_at(t_s)); }

double Breach::discharge(double t_s, double inside_level, double inside_depth, double dt, double area) const {
  if (!open(t_s)) return 0.0;
  const double outside = p_.outside_level.at(t_s);
  const WeirFlow w = broad_crested_weir(outside, inside_level, crest_at(t_s), width_, gravity);
  double q = w.discharge;
  if (dt > 0.0) {
    // An explicit weir can overshoot the level it drives towards within one step; cap it there.
    if (q > 0.0) q = std::min(q, (outside - inside_level) * area / dt);
    if (q < 0.0) q = std::max(q, -std::min(inside_level - outside, inside_depth) * area / dt);
  }
  return q;
}

void Breach::finish_step(double t0, double dt, double applied_volume, double inside_level) {
  volume_ += applied_volume;
  last_discharge_ = dt > 0.0 ? applied_volume / dt : 0.0;
  const double t1 = t0 + dt;
  if (!open(t1)) return;
  const double since_end = t1 - p_.start_s;
  switch (p_.growth) {
    case BreachGrowthModel::fixed_width:
      return;
    case BreachGrowthModel::width_series:
      width_ = std::clamp(std::max(width_, p_.width_series.at(since_end)), 0.0, p_.max_width);
      return;
    case BreachGrowthModel::verheij_van_der_knaap:
      break;
  }
  // Phase 2 only: the part of the step after the crest reached its minimum.
  const double phase2_start = p_.start_s + std::max(0.0, p_.lowering_duration_s);
  const double a = std::max(t0, phase2_start);
  if (t1 <= a) return;
  const double crest = p_.min_crest;
  const double outside = p_.outside_level.at(t1);
  const double dh = std::max(0.0, outside - crest) - std::max(0.0, inside_level - crest);
  if (dh <= 0.0 || width_ >= p_.max_width) return;
  const WeirFlow w = broad_crested_weir(outside, inside_level, crest, width_, gravity);
  const double speed = (width_ > 0.0 && w.flow_depth > 0.0) ? std::abs(last_discharge_) / (width_ * w.flow_depth) : 0.0;
  if (speed <= p_.law.critical_velocity) return;
  // τ at the middle of the phase-2 part of the step, in hours (the law's mixed units).
  const double tau_mid_h = (0.5 * (a + t1) - phase2_start) / 3600.0;
  const double rate_m_per_h = breach_widening_rate_m_per_h(p_.law, dh, tau_mid_h, gravity);
  width_ = std::min(p_.max_width, width_ + rate_m_per_h * (t1 - a) / 3600.0);
}

void Breach::record(double t_s, double inside_level) {
  const double crest = crest_at(t_s);
  const double outside = p_.outside_level.at(t_s);
  series_.time_s.push_back(t_s);
  series_.width.push_back(width_);
  series_.crest_level.push_back(crest);
  series_.discharge.push_back(open(t_s) ? last_discharge_ : 0.0);
  series_.head_difference.push_back(std::max(0.0, outside - crest) - std::max(0.0, inside_level - crest));
  series_.volume.push_back(volume_);
  series_.outside_level.push_back(outside);
  series_.inside_level.push_back(inside_level);
}

}  // namespace polder
