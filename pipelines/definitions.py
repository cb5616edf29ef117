"""The code location: assembles the areas under pipelines/defs/ and the one build job."""

from __future__ import annotations

import importlib
import pkgutil

import dagster as dg

from pipelines import defs as areas
from pipelines.resources import MspSettings


def _area_definitions() -> list[dg.Definitions]:
    """Each area (ingest, transform, quality, publish, reports) is a package exporting `defs`."""
    found = []
    for module in sorted(pkgutil.iter_modules(areas.__path__), key=lambda m: m.name):
        if module.ispkg:
            found.append(importlib.import_module(f"{areas.__name__}.{module.name}").defs)
    return found


# In-process: the steps that write the DuckDB file run one after another, never in parallel.
msp_build = dg.define_asset_job(
    "msp_build",
    # The API pulls run on their own schedule (pipelines/defs/pull); a build reads what landed.
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("pull"),
    executor_def=dg.in_process_executor,
    description="Ingest landing files, build the dbt models, run the quality gates, publish, report.",
)

defs = dg.Definitions.merge(
    *_area_definitions(),
    dg.Definitions(jobs=[msp_build], resources={"msp": MspSettings()}),
)
