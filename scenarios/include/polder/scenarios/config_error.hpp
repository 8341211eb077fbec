#pragma once
// Typed errors of input handling. Library code throws them; only main() catches, prints one line
// and exits with code 2.
#include <stdexcept>
#include <string>

namespace polder {

// A problem with what the user gave: file, key (dotted TOML path, may be empty) and reason.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string file, std::string key, std::string why)
      : std::runtime_error(file + (key.empty() ? "" : ": " + key) + ": " + why),
        file_(std::move(file)), key_(std::move(key)), why_(std::move(why)) {}
  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& key() const { return key_; }
  [[nodiscard]] const std::string& why() const { return why_; }

 private:
  std::string file_, key_, why_;
};

}  // namespace polder
