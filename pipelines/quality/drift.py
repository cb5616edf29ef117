"""Drift: a client's measure moving by more than a factor from one period to the next.

Compares the last complete period before the as-of time (a month or week that ended by then)
with the one before it, per client. A measure is either a column summed per period
(``value_column``, e.g. revenue) or a count of rows by a timestamp (``count_by``, e.g. tickets
by created_at). Small numbers swing: a client is only flagged when the larger of the two
values reaches ``min_base``. From zero to ``min_base`` or more counts as drift.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, check_identifier, quoted

_STEP = {"month": "1 month", "week": "1 week"}

_PROBLEMS = """
with as_of as (
    select max(as_of) as as_of from intermediate.int_as_of
),
series as (
    select
        {client} as client_id,
        date_trunc($1, cast({period} as timestamp)) as period,
        {measure} as measure
    from {table}
    group by all
),
last_complete as (
    select max(period) as period
    from series, as_of
    where period + cast($2 as interval) <= as_of.as_of
),
pairs as (
    select
        clients.client_id,
        cast(last_complete.period as date) as period,
        coalesce(previous.measure, 0) as previous_value,
        coalesce(latest.measure, 0) as latest_value
    from (select distinct client_id from series) as clients
    cross join last_complete
    left join series as latest
        on latest.client_id = clients.client_id and latest.period = last_complete.period
    left join series as previous
        on previous.client_id = clients.client_id
        and previous.period = last_complete.period - cast($2 as interval)
)
select client_id, period, previous_value, latest_value
from pairs
where greatest(previous_value, latest_value) >= $3
  and greatest(previous_value, latest_value) > $4 * greatest(least(previous_value, latest_value), 0)
"""


def client_measure_drift(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    grain = spec.get("grain", "month")
    if grain not in _STEP:
        raise ValueError(f"grain must be month or week, not {grain!r}")
    client = check_identifier(spec.get("client_column", "client_id"))
    if "value_column" in spec:
        column = check_identifier(spec["value_column"])
        period = check_identifier(spec.get("period_column", grain))
        measure = f"sum({column})"
    else:
        column = period = check_identifier(spec["count_by"])
        measure = "count(*)"
    factor = float(spec.get("factor", 2.0))
    min_base = float(spec.get("min_base", 0))
    sql = _PROBLEMS.format(
        table=quoted(guarded.table_name), client=client, period=period, measure=measure
    )
    count, examples = offending_rows(con, sql, [grain, _STEP[grain], min_base, factor])
    what = column if "value_column" in spec else "rows"
    return outcome_from_problems(
        guarded,
        spec,
        rule=f"{what} per client moves by at most x{factor:g} {grain} over {grain}",
        column_name=column,
        count=count,
        examples=examples,
        what=f"clients whose {what} moved by more than x{factor:g} in the last complete {grain}",
    )
