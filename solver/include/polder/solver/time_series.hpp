#pragma once
// A piecewise-linear series of (time [s], value): linear between samples, the first value before
// the first sample, held at the last value after the end.
#include <vector>

namespace polder {

class TimeSeries {
 public:
  TimeSeries() = default;
  static TimeSeries constant(double value) { return TimeSeries({0.0}, {value}); }
  // Times must be strictly increasing; throws std::invalid_argument otherwise.
  TimeSeries(std::vector<double> times_s, std::vector<double> values);

  [[nodiscard]] double at(double t_s) const;
  [[nodiscard]] bool empty() const { return times_.empty(); }
  [[nodiscard]] double end_time() const { return times_.empty() ? 0.0 : times_.back(); }
  [[nodiscard]] const std::vector<double>& times() const { return times_; }
  [[nodiscard]] const std::vector<double>& values() const { return values_; }

 private:
  std::vector<double> times_;
  std::vector<double> values_;
};

}  // namespace polder
