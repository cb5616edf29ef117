"""Quality gates: GX suites from expectations/ plus SQL checks, run on DuckDB tables.

Library only (no Dagster): ``pipelines.defs.quality`` wraps it as blocking asset checks.
"""

from pipelines.quality.config import QualityConfig, load_quality_config
from pipelines.quality.gx_validation import warm_up_in_background
from pipelines.quality.history import failed_checks, failed_checks_report, record_outcomes
from pipelines.quality.outcome import CRITICAL, WARNING, CheckOutcome
from pipelines.quality.runner import check_table
from pipelines.quality.suites import GuardedTable, find_guarded_table, load_guarded_tables

__all__ = [
    "CRITICAL",
    "WARNING",
    "CheckOutcome",
    "GuardedTable",
    "QualityConfig",
    "check_table",
    "failed_checks",
    "failed_checks_report",
    "find_guarded_table",
    "load_guarded_tables",
    "load_quality_config",
    "record_outcomes",
    "warm_up_in_background",
]
