#pragma once
// LIWO-style class maps (the Dutch national flood-information system's legend classes), for
// maps that people read: arrival time, maximum depth and maximum rise rate as uint8 classes.
#include <cstdint>
#include <string>
#include <vector>

namespace polder {

inline constexpr std::uint8_t class_fill = 255;  // outside the model domain

struct ClassScheme {
  std::string name;           // the variable in /maps
  std::string long_name;
  std::vector<double> upper;  // upper bounds of classes 1 .. n-1; class n is above the last
  bool upper_inclusive;       // arrival: "<= 4 h" includes 4 h; depth and rise rate: "< 0.5 m" excludes it
  std::string flag_meanings;  // CF flag_meanings for values 0 .. n
};

// Classes 1..7: <= 4, 4-8, 8-12, 12-16, 16-24, 24-48, > 48 h; 0 = never reached.
[[nodiscard]] const ClassScheme& arrival_classes();
// Classes 1..6: < 0.5, 0.5-1, 1-1.5, 1.5-2, 2-5, >= 5 m; 0 = not flooded (first threshold never reached).
[[nodiscard]] const ClassScheme& depth_classes();
// Classes 1..5: < 0.25, 0.25-0.5, 0.5-1, 1-2, >= 2 m/h; 0 = not flooded.
[[nodiscard]] const ClassScheme& rise_rate_classes();

// The class of a value: 1 + the number of upper bounds it passes.
[[nodiscard]] std::uint8_t class_of(const ClassScheme& s, double value);

// Arrival minutes (-1 = never) to classes; class_fill where active is 0 (empty active = all cells).
[[nodiscard]] std::vector<std::uint8_t> classify_arrival(const std::vector<std::int32_t>& minutes,
                                                         const std::vector<std::uint8_t>& active);

// A value map to classes where `reached` (>= 0 arrival at the first threshold), else 0.
[[nodiscard]] std::vector<std::uint8_t> classify_flooded(const ClassScheme& s, const std::vector<double>& values,
                                                         const std::vector<std::int32_t>& first_arrival,
                                                         const std::vector<std::uint8_t>& active);

}  // namespace polder
