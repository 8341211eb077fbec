#pragma once
// /exposure and its subgroups (internal to polder_results; docs/result-file.md is the contract).
#include <hdf5.h>

#include "polder/results/result_file.hpp"

namespace polder {

// Writes /exposure with its people and species curves, /exposure/zones and /exposure/farms as
// far as `c` holds them. `threshold` is the root threshold dimension scale.
void write_exposure_groups(hid_t file, hid_t threshold, const ResultContent& c);

}  // namespace polder
