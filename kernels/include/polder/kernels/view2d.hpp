#pragma once
// Non-owning view of a field in device or host memory. Kernels see views; buffers own memory.
#include <cstddef>

#include "polder/kernels/hd.hpp"

namespace polder {

template <class T>
struct View1D {
  T* data = nullptr;
  std::size_t size = 0;
  POLDER_HD T& operator[](std::size_t k) const { return data[k]; }
};

}  // namespace polder
