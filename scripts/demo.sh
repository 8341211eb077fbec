#!/usr/bin/env bash
# Sets up polder (CPU backend) and floods the Alblasserwaard from breach AW112 on the Noord.
# The result file lands in the current directory; the summary is printed at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

polder_install_packages
BUILD="$POLDER_ROOT/build-demo"
echo "polder demo: building (Release, CPU backend) in $BUILD; about 2 minutes on 2 cores"
polder_build "$BUILD" -DPOLDER_CUDA=OFF -DPOLDER_BUILD_TESTS=OFF -DPOLDER_BUILD_BENCH=OFF >/dev/null
echo "polder demo: running examples/alblasserwaard/scenario.toml (48 h simulated; about 1 minute)"
"$BUILD/app/polder" run "$POLDER_ROOT/examples/alblasserwaard/scenario.toml" "$@"
