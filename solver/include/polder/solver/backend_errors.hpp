#pragma once
#include <stdexcept>

namespace polder {

// The requested backend cannot run here (not built, or no device).
class DeviceUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace polder
