#pragma once
// The `polder exposure` subcommand's flags (docs/cli.md); included by main.cpp only, so that the
// app library does not need CLI11.
#include <CLI/CLI.hpp>

#include "polder/app/exposure_command.hpp"

namespace polder {

inline CLI::App* add_exposure_subcommand(CLI::App& app, ExposureCommandOptions& o) {
  CLI::App* c = app.add_subcommand("exposure", "Overlay people and livestock on an existing result, without changing it");
  c->add_option("hazard", o.hazard, "Result file of polder run (read only)")->required();
  c->add_option("--out", o.out, "Output file (HDF5/netCDF-4); default ./<hazard name>.exposure.h5");
  c->add_option("--config", o.config, "TOML file with an [exposure] section (inputs and parameters); flags override it");
  c->add_option("--population", o.population, "Population raster (persons per cell, any CRS)");
  c->add_option("--population-points", o.population_points, "Population points (CSV x,y,people or OGR vector)");
  c->add_option("--livestock", o.livestock, "Farm points (CSV x,y,species,head_count[,id,name] or OGR vector)");
  c->add_option("--species-raster", o.species_rasters, "NAME=FILE: head per cell of one species (repeatable)");
  c->add_option("--zones", o.zones, "Zones: raster of ids, or polygons (.geojson, .gpkg, .shp)");
  c->add_option("--zone-name-field", o.zone_name_field, "Vector zones: attribute with the zone name (default name)");
  c->add_option("--zone-id-field", o.zone_id_field, "Vector zones: integer attribute with the zone id");
  c->add_option("--threshold", o.threshold_m, "Arrival threshold [m] the priority uses (one of the result's)");
  c->add_option("--lead-time", o.lead_time_min, "Minutes between the evacuation order and the breach (default 0)");
  c->add_option("--min-count", o.min_count, "Suppress zone figures based on fewer farms or persons than this");
  c->add_flag("--farm-rows", o.farm_rows, "Write farm-level rows (/exposure/farms, .farms.csv, .farms.geojson)");
  c->add_flag("--quiet,-q", o.quiet, "No log lines; only the summary");
  return c;
}

}  // namespace polder
