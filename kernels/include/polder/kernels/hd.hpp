#pragma once
// POLDER_HD marks point functions that run on host and device. Under nvcc it expands to
// __host__ __device__; on a CPU-only build (no CUDA toolkit) it expands to nothing.
#if defined(__CUDACC__)
#define POLDER_HD __host__ __device__
#else
#define POLDER_HD
#endif
