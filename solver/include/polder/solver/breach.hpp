#pragma once
// A dike breach: crest lowering (phase 1), widening (phase 2), and the weir discharge from the
// outside water level into the domain-edge cell it cuts through.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "polder/kernels/breach_growth_k.hpp"
#include "polder/solver/time_series.hpp"

namespace polder {

enum class BreachGrowthModel { verheij_van_der_knaap, fixed_width, width_series };

struct BreachParams {
  std::string name;
  double start_s = 0.0;              // breach opens at this time after the simulation start
  double initial_width = 10.0;       // B0 [m]
  double max_width = 47.0;           // B_max [m]
  std::optional<double> initial_crest;  // [m]; default: the receiving cell's bed
  double min_crest = 0.0;            // [m]
  double lowering_duration_s = 3600.0;  // T0: phase 1 length [s]
  BreachGrowthModel growth = BreachGrowthModel::verheij_van_der_knaap;
  BreachGrowthLaw law;
  TimeSeries width_series;           // for width_series: width [m] against time since start
  TimeSeries outside_level;          // water level outside the dike [m] against simulation time
};

struct BreachSeries {
  std::vector<double> time_s, width, crest_level, discharge, head_difference, volume, outside_level, inside_level;
};

class Breach {
 public:
  Breach(BreachParams params, std::size_t cell, double original_bed);

  [[nodiscard]] const BreachParams& params() const { return p_; }
  [[nodiscard]] std::size_t cell() const { return cell_; }
  [[nodiscard]] double original_bed() const { return original_bed_; }
  [[nodiscard]] bool open(double t_s) const { return t_s >= p_.start_s; }
  [[nodiscard]] double width() const { return width_; }
  [[nodiscard]] double crest_at(double t_s) const;
  // Bed of the receiving cell at t: min(original bed, crest), never raised.
  [[nodiscard]] double bed_at(double t_s) const;
  // Weir discharge into the domain [m³/s] at t, limited so that over dt it neither lifts the
  // receiving cell above the outside level nor (flowing out) draws it below the outside level
  // or below empty. area is the receiving cell's area [m²].
  [[nodiscard]] double discharge(double t_s, double inside_level, double inside_depth, double dt, double area) const;
  // After a step [t0, t0+dt] in which `applied` m³ entered: widen, record cumulative volume.
  void finish_step(double t0, double dt, double applied_volume, double inside_level);
  void record(double t_s, double inside_level);
  [[nodiscard]] const BreachSeries& series() const { return series_; }
  [[nodiscard]] double cumulative_volume() const { return volume_; }

 private:
  BreachParams p_;
  std::size_t cell_;
  double original_bed_;
  double width_;
  double volume_ = 0.0;
  double last_discharge_ = 0.0;
  BreachSeries series_;
};

}  // namespace polder
