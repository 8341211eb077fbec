#include "polder/results/class_maps.hpp"

namespace polder {

const ClassScheme& arrival_classes() {
  static const ClassScheme s{"arrival_class",
                             "arrival time class (LIWO legend)",
                             {4 * 60.0, 8 * 60.0, 12 * 60.0, 16 * 60.0, 24 * 60.0, 48 * 60.0},
                             true,
                             "never_reached within_4h 4h_to_8h 8h_to_12h 12h_to_16h 16h_to_24h 24h_to_48h after_48h"};
  return s;
}

const ClassScheme& depth_classes() {
  static const ClassScheme s{"depth_class",
                             "maximum water depth class (LIWO legend)",
                             {0.5, 1.0, 1.5, 2.0, 5.0},
                             false,
                             "not_flooded below_0.5m 0.5m_to_1m 1m_to_1.5m 1.5m_to_2m 2m_to_5m 5m_and_more"};
  return s;
}

const ClassScheme& rise_rate_classes() {
  static const ClassScheme s{"rise_rate_class",
                             "maximum rise rate class (LIWO legend)",
                             {0.25, 0.5, 1.0, 2.0},
                             false,
                             "not_flooded below_0.25m_per_h 0.25_to_0.5m_per_h 0.5_to_1m_per_h 1_to_2m_per_h "
                             "2m_per_h_and_more"};
  return s;
}

std::uint8_t class_of(const ClassScheme& s, double value) {
  std::uint8_t c = 1;
  for (double bound : s.upper)
    if (s.upper_inclusive ? value > bound : value >= bound) ++c;
  return c;
}

std::vector<std::uint8_t> classify_arrival(const std::vector<std::int32_t>& minutes, const std::vector<std::uint8_t>& active) {
  std::vector<std::uint8_t> out(minutes.size(), 0);
  for (std::size_t k = 0; k < minutes.size(); ++k) {
    if (!active.empty() && active[k] == 0)
      out[k] = class_fill;
    else if (minutes[k] >= 0)
      out[k] = class_of(arrival_classes(), minutes[k]);
  }
  return out;
}

std::vector<std::uint8_t> classify_flooded(const ClassScheme& s, const std::vector<double>& values,
                                           const std::vector<std::int32_t>& first_arrival,
                                           const std::vector<std::uint8_t>& active) {
  std::vector<std::uint8_t> out(values.size(), 0);
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (!active.empty() && active[k] == 0)
      out[k] = class_fill;
    else if (first_arrival[k] >= 0)
      out[k] = class_of(s, values[k]);
  }
  return out;
}

}  // namespace polder
