#pragma once
// The one owner of device memory: move-only, freed in the destructor, every transfer explicit.
// Kernels never see it, only its View1D.
#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "polder/kernels/view2d.hpp"

namespace polder {

class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline void cuda_check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw DeviceError(std::string("CUDA ") + what + ": " + cudaGetErrorString(status));
}

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  explicit DeviceBuffer(std::size_t n, T value = T{}) { allocate(n, value); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : data_(o.data_), size_(o.size_) { o.data_ = nullptr; o.size_ = 0; }
  DeviceBuffer& operator=(DeviceBuffer&& o) noexcept {
    if (this != &o) {
      release();
      data_ = o.data_;
      size_ = o.size_;
      o.data_ = nullptr;
      o.size_ = 0;
    }
    return *this;
  }
  ~DeviceBuffer() { release(); }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] View1D<T> view() { return {data_, size_}; }
  [[nodiscard]] View1D<const T> view() const { return {data_, size_}; }
  void resize(std::size_t n) { release(); allocate(n, T{}); }
  void upload(const T* src, std::size_t n) { cuda_check(cudaMemcpy(data_, src, n * sizeof(T), cudaMemcpyHostToDevice), "upload"); }
  void download(T* dst, std::size_t n) const { cuda_check(cudaMemcpy(dst, data_, n * sizeof(T), cudaMemcpyDeviceToHost), "download"); }
  [[nodiscard]] T get(std::size_t k) const {
    T v;
    cuda_check(cudaMemcpy(&v, data_ + k, sizeof(T), cudaMemcpyDeviceToHost), "read one value");
    return v;
  }
  void set(std::size_t k, T value) { cuda_check(cudaMemcpy(data_ + k, &value, sizeof(T), cudaMemcpyHostToDevice), "write one value"); }

 private:
  void allocate(std::size_t n, T value) {
    size_ = n;
    if (n == 0) return;
    cuda_check(cudaMalloc(reinterpret_cast<void**>(&data_), n * sizeof(T)), "allocate");
    std::vector<T> fill(n, value);
    upload(fill.data(), n);
  }
  void release() noexcept {
    if (data_ != nullptr) cudaFree(data_);
    data_ = nullptr;
    size_ = 0;
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace polder
