"""Freshness: the data's as-of time is at most MSP_FRESHNESS_MAX_DAYS days before the run.

Stale data warns by default; a scheduled deployment sets MSP_FRESHNESS_BLOCKING=1 so that a
report is never sent on last month's exports. The environment decides, not the suite JSON.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import duckdb

from pipelines.quality.config import QualityConfig
from pipelines.quality.outcome import CRITICAL, WARNING, CheckOutcome
from pipelines.quality.suites import GuardedTable


def data_is_fresh(
    con: duckdb.DuckDBPyConnection,
    guarded: GuardedTable,
    spec: dict[str, Any],
    config: QualityConfig,
    now: datetime | None = None,
) -> CheckOutcome:
    as_of = con.execute("select max(as_of) from intermediate.int_as_of").fetchall()[0][0]
    now = (now or datetime.now(UTC)).replace(tzinfo=None)  # warehouse times are naive UTC
    limit = config.freshness_max_days
    if as_of is None:
        passed, observed, age_days = False, "no as-of time: no events or tickets loaded", None
    else:
        age_days = (now - as_of).total_seconds() / 86400
        passed = age_days <= limit
        observed = f"as-of {as_of:%Y-%m-%d %H:%M} UTC is {age_days:.1f} days before the run"
    return CheckOutcome(
        table_name=guarded.table_name,
        check_name=spec["check"],
        expectation=f"as-of time of the data at most {limit:g} days before the run",
        column_name="as_of",
        passed=passed,
        severity=CRITICAL if config.freshness_blocking else WARNING,
        observed_value=observed,
        details={
            "rule": {"max_days": limit, "blocking": config.freshness_blocking},
            "as_of": None if as_of is None else as_of.isoformat(),
            "checked_at": now.isoformat(),
            "age_days": None if age_days is None else round(age_days, 2),
        },
    )
