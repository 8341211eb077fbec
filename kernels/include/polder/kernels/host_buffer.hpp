#pragma once
// Memory owner of the CPU backend: the same interface as DeviceBuffer (device_buffer.cuh), so the
// time-stepping code is written once for both.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "polder/kernels/view2d.hpp"

namespace polder {

template <class T>
class HostBuffer {
 public:
  HostBuffer() = default;
  explicit HostBuffer(std::size_t n, T value = T{}) : data_(n, value) {}
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  HostBuffer(HostBuffer&&) noexcept = default;
  HostBuffer& operator=(HostBuffer&&) noexcept = default;

  [[nodiscard]] std::size_t size() const { return data_.size(); }
  [[nodiscard]] View1D<T> view() { return {data_.data(), data_.size()}; }
  [[nodiscard]] View1D<const T> view() const { return {data_.data(), data_.size()}; }
  void resize(std::size_t n) { data_.assign(n, T{}); }
  void upload(const T* src, std::size_t n) { std::copy(src, src + n, data_.begin()); }
  void download(T* dst, std::size_t n) const { std::copy(data_.begin(), data_.begin() + static_cast<std::ptrdiff_t>(n), dst); }
  [[nodiscard]] T get(std::size_t k) const { return data_[k]; }
  void set(std::size_t k, T value) { data_[k] = value; }

 private:
  std::vector<T> data_;
};

}  // namespace polder
