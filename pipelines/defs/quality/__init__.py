"""Quality gates as blocking Dagster asset checks (library: pipelines.quality)."""

import dagster as dg

from pipelines.defs.quality.checks import guarded_asset_keys, quality_checks

defs = dg.Definitions(asset_checks=quality_checks())

__all__ = ["defs", "guarded_asset_keys"]
