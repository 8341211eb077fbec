#!/usr/bin/env bash
# Sets up polder and runs the whole test suite through ctest. Where nvcc exists the CUDA backend
# is built as well (compile and link; its tests skip without a GPU).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

polder_install_packages
BUILD="$POLDER_ROOT/build-test"
CUDA=OFF
if command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; then CUDA=ON; fi
echo "polder test: building in $BUILD (CUDA backend: $CUDA); 5-10 minutes on 2 cores"
polder_build "$BUILD" -DPOLDER_CUDA=$CUDA >/dev/null
cd "$BUILD"
# ctest runs tests side by side, one per core; OpenMP threads on top of that would oversubscribe
# the cores and make every barrier wait for a descheduled thread.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"
