#!/usr/bin/env bash
# Builds, on this machine, the CUDA test and benchmark binaries for a lent GPU machine (which has
# CUDA, CMake and a compiler but no GoogleTest, GDAL or HDF5): grids, kernels and solver only,
# GoogleTest, libstdc++ and the CUDA runtime linked statically. Then, with the device tool:
#   run  command: scripts/device_check.sh   carry: ["build-gpu"]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="$ROOT/build-gpu"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPOLDER_WITH_IO=OFF -DPOLDER_CUDA=ON \
      -DPOLDER_GTEST_STATIC=ON -DCMAKE_CUDA_RUNTIME_LIBRARY=Static "$@" >/dev/null
cmake --build "$BUILD" --parallel "$(nproc)"
# Only the binaries and the test data travel (the carry limit is 64 MiB).
find "$BUILD" -name '*.o' -delete
du -sh "$BUILD"
