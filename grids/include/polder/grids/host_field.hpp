#pragma once
// A 2-D field on the host: values per cell in polder's index order (see grid_geometry.hpp).
#include <algorithm>
#include <cstddef>
#include <vector>

namespace polder {

template <class T>
class HostField {
 public:
  HostField() = default;
  HostField(int nx, int ny, T value = T{}) : nx_(nx), ny_(ny), data_(std::size_t(nx) * std::size_t(ny), value) {}

  [[nodiscard]] int nx() const { return nx_; }
  [[nodiscard]] int ny() const { return ny_; }
  [[nodiscard]] std::size_t size() const { return data_.size(); }
  T& operator()(int i, int j) { return data_[std::size_t(j) * std::size_t(nx_) + std::size_t(i)]; }
  const T& operator()(int i, int j) const { return data_[std::size_t(j) * std::size_t(nx_) + std::size_t(i)]; }
  T& operator[](std::size_t k) { return data_[k]; }
  const T& operator[](std::size_t k) const { return data_[k]; }
  T* data() { return data_.data(); }
  const T* data() const { return data_.data(); }
  std::vector<T>& values() { return data_; }
  const std::vector<T>& values() const { return data_; }
  void fill(T value) { std::fill(data_.begin(), data_.end(), value); }

 private:
  int nx_ = 0;
  int ny_ = 0;
  std::vector<T> data_;
};

}  // namespace polder
