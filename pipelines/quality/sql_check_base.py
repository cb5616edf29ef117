"""Shared plumbing of the SQL checks: run a query of offending rows, turn it into an outcome.

Every SQL check is a query whose rows are the problems (none = passed). Table and column names
reach SQL only after ``suites.check_identifier`` accepted them; values are always bound.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.gx_validation import plain_value
from pipelines.quality.outcome import EXAMPLE_ROWS, CheckOutcome, normalise_severity
from pipelines.quality.suites import GuardedTable


def offending_rows(
    con: duckdb.DuckDBPyConnection, problems_sql: str, params: list[Any] | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """How many rows the query returns, and the first few of them (in a stable order)."""
    sql = (
        "select *, count(*) over () as _offending "  # noqa: S608 - problems_sql is our own text
        f"from ({problems_sql}) order by all limit {EXAMPLE_ROWS}"
    )
    frame = con.execute(sql, params or []).df()
    if frame.empty:
        return 0, []
    count = int(frame["_offending"].iloc[0])
    rows = frame.drop(columns="_offending").to_dict("records")
    return count, [{k: plain_value(v) for k, v in row.items()} for row in rows]


def outcome_from_problems(
    guarded: GuardedTable,
    spec: dict[str, Any],
    rule: str,
    column_name: str | None,
    count: int,
    examples: list[dict[str, Any]],
    what: str,
) -> CheckOutcome:
    """``what`` names one problem row in words ("client-months missing"), for the observed value."""
    details: dict[str, Any] = {"rule": {k: v for k, v in spec.items() if k != "check"}}
    if count:
        details["unexpected_count"] = count
        details["examples"] = examples
    return CheckOutcome(
        table_name=guarded.table_name,
        check_name=spec["check"],
        expectation=rule,
        column_name=column_name,
        passed=count == 0,
        severity=normalise_severity(spec.get("severity")),
        observed_value=f"{count} {what}",
        details=details,
    )
