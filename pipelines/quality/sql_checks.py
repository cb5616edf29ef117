"""The SQL checks a suite can name in ``meta.sql_checks``: where GX has no expectation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

from pipelines.quality.completeness import (
    SPINES,
    client_periods_complete,
    client_periods_within_dates,
    entities_named,
    required_entities_present,
)
from pipelines.quality.config import QualityConfig
from pipelines.quality.drift import client_measure_drift, client_measure_kept
from pipelines.quality.freshness import data_is_fresh
from pipelines.quality.outcome import CheckOutcome, normalise_severity
from pipelines.quality.reconciliation import labor_hours_reconcile, revenue_reconciles
from pipelines.quality.row_accounting import no_file_rejected, rows_accounted_for
from pipelines.quality.suites import GuardedTable

SqlCheck = Callable[
    [duckdb.DuckDBPyConnection, GuardedTable, dict[str, Any], QualityConfig], CheckOutcome
]

SQL_CHECKS: dict[str, SqlCheck] = {
    "client_periods_complete": client_periods_complete,
    "revenue_reconciles": revenue_reconciles,
    "labor_hours_reconcile": labor_hours_reconcile,
    "data_is_fresh": data_is_fresh,
    "client_measure_drift": client_measure_drift,
    "rows_accounted_for": rows_accounted_for,
    # Lost data (docs/ARCHITECTURE.md, "Quality gates"):
    "no_file_rejected": no_file_rejected,
    "required_entities_present": required_entities_present,
    "client_measure_kept": client_measure_kept,
    "client_periods_within_dates": client_periods_within_dates,
}


def tables_read(spec: dict[str, Any]) -> list[str]:
    """The warehouse tables a SQL check reads besides the guarded table (and the published
    copy): build_plan runs its suite's check when a run rebuilds any of them."""
    name = spec.get("check")
    as_of = "intermediate.int_as_of"
    other = [spec["table"]] if spec.get("table") else []
    if name in ("client_periods_complete", "client_periods_within_dates"):
        spine = SPINES.get(spec.get("grain", "month"))  # another grain fails the check itself
        return [spine[0], as_of] if spine else [as_of]
    if name == "client_measure_drift":
        return [as_of, *other]
    if name == "client_measure_kept":
        return [SPINES["month"][0], as_of, *other]
    if name == "required_entities_present":
        return [as_of, *(f"intermediate.int_{e}" for e in entities_named(spec))]
    if name == "revenue_reconciles":
        return [as_of, "staging.stg_generic__invoice_lines"]
    if name == "labor_hours_reconcile":
        return [as_of, "staging.stg_generic__time_entries"]
    if name == "data_is_fresh":
        return [as_of]
    return []  # rows_accounted_for, no_file_rejected: the file registry itself


def run_sql_check(
    con: duckdb.DuckDBPyConnection,
    guarded: GuardedTable,
    spec: dict[str, Any],
    config: QualityConfig,
) -> CheckOutcome:
    """Run one check; a check that cannot run (missing table, bad spec) fails at its severity."""
    name = spec.get("check")
    try:
        return SQL_CHECKS[name](con, guarded, spec, config)
    except (KeyError, ValueError, duckdb.Error) as error:
        reason = f"unknown SQL check {name!r}" if name not in SQL_CHECKS else str(error)
        return CheckOutcome(
            table_name=guarded.table_name,
            check_name=str(name),
            expectation=str(name),
            column_name=None,
            passed=False,
            severity=normalise_severity(spec.get("severity")),
            observed_value=f"error: {reason}"[:500],
            details={"rule": spec},
        )
