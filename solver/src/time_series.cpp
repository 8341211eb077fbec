#include "polder/solver/time_series.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace polder {

TimeSeries::TimeSeries(std::vector<double> times_s, std::vector<double> values)
    : times_(std::move(times_s)), values_(std::move(values)) {
  if (times_.size() != values_.size() || times_.empty())
    throw std::invalid_argument("a time series needs at least one (time, value) pair");
  for (std::size_t k = 0; k < times_.size(); ++k) {
    if (!std::isfinite(times_[k]) || !std::isfinite(values_[k]))
      throw std::invalid_argument("time series value is not finite at sample " + std::to_string(k + 1));
    if (k > 0 && !(times_[k] > times_[k - 1]))
      throw std::invalid_argument("time series times must increase strictly (sample " + std::to_string(k + 1) + ")");
  }
}

double TimeSeries::at(double t_s) const {
  if (times_.empty()) return 0.0;
  if (t_s <= times_.front()) return values_.front();
  if (t_s >= times_.back()) return values_.back();
  const auto hi = static_cast<std::size_t>(std::upper_bound(times_.begin(), times_.end(), t_s) - times_.begin());
  const std::size_t lo = hi - 1;
  const double w = (t_s - times_[lo]) / (times_[hi] - times_[lo]);
  return values_[lo] + w * (values_[hi] - values_[lo]);
}

}  // namespace polder
