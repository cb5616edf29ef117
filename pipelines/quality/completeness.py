"""Completeness: every client has a row for every month (or week) of its range, and no others.

The range is the client spine of the intermediate layer (``intermediate.int_client_months`` or
``intermediate.int_client_weeks``: first agreement or first activity to the as-of period). A
mart that drops a client-month in a join or a filter, or adds one outside the range, fails.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, check_identifier, quoted

_SPINES = {
    "month": ("intermediate.int_client_months", "month"),
    "week": ("intermediate.int_client_weeks", "week_start"),
}

_PROBLEMS = """
with expected as (
    select client_id, cast({spine_period} as date) as period from {spine}
),
actual as (
    select {client} as client_id, cast({period} as date) as period from {table}
)
select 'missing' as problem, e.client_id, e.period
from expected as e
anti join actual as a on a.client_id = e.client_id and a.period = e.period
union all
select 'not expected', a.client_id, a.period
from actual as a
anti join expected as e on a.client_id = e.client_id and a.period = e.period
"""


def client_periods_complete(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    grain = spec.get("grain", "month")
    if grain not in _SPINES:
        raise ValueError(f"grain must be month or week, not {grain!r}")
    spine, spine_period = _SPINES[grain]
    period = check_identifier(spec.get("period_column", spine_period))
    client = check_identifier(spec.get("client_column", "client_id"))
    sql = _PROBLEMS.format(
        spine=quoted(spine),
        spine_period=spine_period,
        table=quoted(guarded.table_name),
        period=period,
        client=client,
    )
    count, examples = offending_rows(con, sql)
    return outcome_from_problems(
        guarded,
        spec,
        rule=f"one row per client and {grain} from its first {grain} to the as-of {grain} "
        f"({spine})",
        column_name=f"{client},{period}",
        count=count,
        examples=examples,
        what=f"client-{grain}s missing or not expected",
    )
