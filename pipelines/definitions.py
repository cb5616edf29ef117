"""The code location: assembles the areas under pipelines/defs/ and the one build job."""

from __future__ import annotations

import dagster as dg

from pipelines.defs import ingest, publish, pull, quality, reports, transform
from pipelines.resources import MspSettings

# Each area is a package exporting `defs`; the list is the code location's table of contents.
AREAS = (ingest, transform, quality, publish, reports, pull)

# In-process: the steps that write the DuckDB file run one after another, never in parallel.
msp_build = dg.define_asset_job(
    "msp_build",
    # The API pulls run on their own schedule (pipelines/defs/pull); a build reads what landed.
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("pull"),
    executor_def=dg.in_process_executor,
    description="Ingest landing files, build the dbt models, run the quality gates, publish, report.",
)

defs = dg.Definitions.merge(
    *(area.defs for area in AREAS),
    dg.Definitions(jobs=[msp_build], resources={"msp": MspSettings()}),
)
