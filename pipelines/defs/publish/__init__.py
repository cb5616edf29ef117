"""Dagster wrapper for publishing the readers' copy of the warehouse."""

import dagster as dg

from pipelines.defs.publish.assets import published_warehouse

defs = dg.Definitions(assets=[published_warehouse])
