"""Pull area: each vendor API -> landing/<vendor>/ files, hourly (`MSP_PULL_CRON`)."""

from pipelines.defs.pull.assets import defs

__all__ = ["defs"]
