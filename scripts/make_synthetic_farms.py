#!/usr/bin/python3
"""Regenerates examples/alblasserwaard/farms.csv: a SYNTHETIC livestock farm file.

No farm-level data is public. The file only reproduces the published regional totals: over
40,000 cattle on over 300 farms in dike ring 16 (regional press 2021, quoting the mayors' letter on
livestock evacuation). Farms are placed at random on agricultural cells (land-use class 7 in
landuse.tif) inside the model domain (cells with data in dem_polder.tif), one farm per cell at a
random point within it, with a fixed random seed so that every run gives the same file.

The species mix besides cattle is an illustrative assumption of this example, not data.

Usage: /usr/bin/python3 scripts/make_synthetic_farms.py [OUTPUT.csv]   (Debian python3-numpy, python3-gdal)
"""
import csv
import sys
from pathlib import Path

import numpy as np
from osgeo import gdal

SEED = 16  # dike ring 16
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "alblasserwaard"
AGRICULTURE = 7
CATTLE_FARMS, CATTLE_TOTAL = 320, 40800
# (species, farms, head per farm: median, spread of the log-normal) -- assumptions, see the README
OTHER = [("pigs", 20, 1500, 0.5), ("poultry", 8, 30000, 0.4), ("sheep", 30, 120, 0.6),
         ("goats", 8, 400, 0.5), ("horses", 15, 12, 0.6)]


def read(name):
    ds = gdal.Open(str(EXAMPLE / name))
    band = ds.GetRasterBand(1)
    return band.ReadAsArray().astype(float), band.GetNoDataValue(), ds.GetGeoTransform()


def totals_to(values, total):
    """Integers proportional to values that add up to total exactly (largest remainder)."""
    exact = values / values.sum() * total
    out = np.floor(exact).astype(int)
    for i in np.argsort(exact - out)[::-1][: total - out.sum()]:
        out[i] += 1
    return out


def main(out_path):
    rng = np.random.default_rng(SEED)
    landuse, _, gt = read("landuse.tif")
    dem, dem_nodata, gt_dem = read("dem_polder.tif")
    assert gt == gt_dem, "landuse.tif and dem_polder.tif must share one grid"
    rows, cols = np.nonzero((landuse == AGRICULTURE) & (dem != dem_nodata))
    farms = CATTLE_FARMS + sum(n for _, n, _, _ in OTHER)
    pick = rng.choice(len(rows), size=farms, replace=False)
    species, heads = [], []
    cattle = totals_to(rng.lognormal(np.log(110.0), 0.5, CATTLE_FARMS), CATTLE_TOTAL)
    species += ["cattle"] * CATTLE_FARMS
    heads += [max(int(h), 1) for h in cattle]
    for name, n, median, spread in OTHER:
        species += [name] * n
        heads += [max(int(round(h)), 1) for h in rng.lognormal(np.log(median), spread, n)]
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "x", "y", "species", "head_count"])
        for k, cell in enumerate(pick):
            r, c = rows[cell], cols[cell]
            x = gt[0] + (c + rng.uniform(0.05, 0.95)) * gt[1]
            y = gt[3] + (r + rng.uniform(0.05, 0.95)) * gt[5]
            w.writerow([f"S{k + 1:03d}", f"synthetic farm {k + 1}", f"{x:.1f}", f"{y:.1f}", species[k], heads[k]])
    print(f"{out_path}: {farms} synthetic farms, {CATTLE_TOTAL} cattle on {CATTLE_FARMS} of them")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else EXAMPLE / "farms.csv")
