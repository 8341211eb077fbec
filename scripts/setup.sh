#!/usr/bin/env bash
# Installs what polder needs on Debian 12 (only what is missing, quietly), then configures and
# builds it. Sourced by demo.sh and test.sh; usable alone:  scripts/setup.sh [build-dir] [cmake args...]
set -euo pipefail

POLDER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
POLDER_PACKAGES=(build-essential cmake pkg-config libgdal-dev gdal-bin libhdf5-dev hdf5-tools libtomlplusplus-dev
                 libcli11-dev libgtest-dev libbenchmark-dev libopenmpi-dev openmpi-bin
                 python3-h5py python3-numpy python3-gdal)

polder_install_packages() {
  local missing=()
  for p in "${POLDER_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "polder setup: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# polder_build BUILD_DIR [extra cmake args...]
polder_build() {
  local build_dir="$1"
  shift
  cmake -S "$POLDER_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$build_dir" --parallel "$(nproc)"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  polder_install_packages
  polder_build "${1:-$POLDER_ROOT/build}" "${@:2}"
fi
