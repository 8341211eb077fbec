#!/usr/bin/env bash
# Runs on the lent GPU machine, from the repository root, with build-gpu carried over (see
# build_gpu_bundle.sh). Writes everything it measures to $OUT (or ./device-out).
set -uo pipefail
OUT="${OUT:-$PWD/device-out}"
mkdir -p "$OUT"
B=build-gpu
{
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
  echo "== backend agreement (CPU vs CUDA)"
  "$B/tests/backends/polder_backend_tests"
  echo "== core and validation tests on the CPU, then every validation case on CUDA"
  for t in "$B"/tests/core/polder_*tests* "$B"/tests/validation/polder_*; do [ -x "$t" ] && "$t" --gtest_brief=1; done
  for t in "$B"/tests/core/polder_validation_tests "$B"/tests/validation/polder_*; do
    [ -x "$t" ] && POLDER_TEST_BACKEND=cuda "$t" --gtest_brief=1
  done
  echo "== flat-point benchmark, CUDA"
  "$B/bench/polder_bench_flat_point" --backend cuda --precision both
  echo "== flat-point benchmark, CPU on this machine"
  "$B/bench/polder_bench_flat_point" --precision double --threads 16
} 2>&1 | tee "$OUT/device-check.txt"
