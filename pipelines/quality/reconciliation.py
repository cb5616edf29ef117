"""Reconciliation: revenue and labour hours in the margin mart equal the sums of the raw rows.

Per client, over the client's whole range (up to the end of the as-of month, the last month a
mart has). Only clients present in the generic raw tables are reconciled: a vendor adapter's
raw records are JSON that only its staging models read.

Revenue: an invoice line whose period runs past the as-of month counts pro rata by days up to
it; the mart rounds each month's share to cents, hence a tolerance of half a cent per share.
Labour: a time entry counts when it started (in UTC) before the end of the as-of month; a
naive timestamp is in the client's timezone, as in staging.
"""

from __future__ import annotations

from typing import Any

import duckdb

from pipelines.quality.outcome import CheckOutcome
from pipelines.quality.sql_check_base import offending_rows, outcome_from_problems
from pipelines.quality.suites import GuardedTable, quoted

_REVENUE_PROBLEMS = """
with range_end as (
    select cast(date_trunc('month', max(as_of)) + interval 1 month as date) as day
    from intermediate.int_as_of
),
lines as (
    select
        client_id,
        cast(case when line_type = 'credit' then -abs(amount) else amount end as double) as amount,
        coalesce(period_start, invoice_date) as first_day,
        case when period_start is null then invoice_date
             else coalesce(period_end, period_start) end as last_day
    from raw.invoice_lines
    where client_id is not null
),
raw_revenue as (
    select
        client_id,
        sum(case
            when last_day < range_end.day then amount
            when first_day >= range_end.day then 0
            else amount * (range_end.day - first_day) / greatest(last_day - first_day + 1, 1)
        end) as raw_revenue,
        0.005 + 0.005 * sum(case
            when first_day < range_end.day and last_day >= range_end.day
            then date_diff('month', first_day, range_end.day) + 1 else 0
        end) as tolerance
    from lines, range_end
    group by client_id
),
mart_revenue as (
    select client_id, cast(sum(revenue) as double) as mart_revenue
    from {table}
    group by client_id
)
select
    r.client_id,
    round(coalesce(m.mart_revenue, 0), 2) as mart_revenue,
    round(r.raw_revenue, 2) as raw_revenue,
    round(coalesce(m.mart_revenue, 0) - r.raw_revenue, 2) as difference
from raw_revenue as r
left join mart_revenue as m on m.client_id = r.client_id
where abs(coalesce(m.mart_revenue, 0) - r.raw_revenue) > r.tolerance
"""

_LABOR_PROBLEMS = r"""
with range_end as (
    select cast(date_trunc('month', max(as_of)) + interval 1 month as date) as day
    from intermediate.int_as_of
),
entries as (
    select
        t.client_id,
        t.hours,
        case
            when regexp_matches(trim(t.started_at), '(Z|[+-]\d\d(:?\d\d)?)$')
            then cast(trim(t.started_at) as timestamptz)
            else timezone(coalesce(c.timezone, 'UTC'), cast(trim(t.started_at) as timestamp))
        end as started_at
    from raw.time_entries as t
    left join raw.clients as c on c.client_id = t.client_id
    where t.client_id is not null
),
raw_hours as (
    select client_id, sum(hours) as raw_hours
    from entries, range_end
    where started_at < timezone('UTC', cast(range_end.day as timestamp))
    group by client_id
),
mart_hours as (
    select client_id, sum(labor_hours) as mart_hours
    from {table}
    group by client_id
)
select
    r.client_id,
    coalesce(m.mart_hours, 0) as mart_labor_hours,
    r.raw_hours as raw_labor_hours,
    coalesce(m.mart_hours, 0) - r.raw_hours as difference
from raw_hours as r
left join mart_hours as m on m.client_id = r.client_id
where abs(coalesce(m.mart_hours, 0) - r.raw_hours) > 1e-6 * greatest(1, abs(r.raw_hours))
"""


def revenue_reconciles(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    sql = _REVENUE_PROBLEMS.format(table=quoted(guarded.table_name))
    count, examples = offending_rows(con, sql)
    return outcome_from_problems(
        guarded,
        spec,
        rule="revenue per client = sum of raw.invoice_lines amounts (credits negative)",
        column_name="revenue",
        count=count,
        examples=examples,
        what="clients whose revenue differs from their invoice lines",
    )


def labor_hours_reconcile(
    con: duckdb.DuckDBPyConnection, guarded: GuardedTable, spec: dict[str, Any], _config: Any
) -> CheckOutcome:
    sql = _LABOR_PROBLEMS.format(table=quoted(guarded.table_name))
    count, examples = offending_rows(con, sql)
    return outcome_from_problems(
        guarded,
        spec,
        rule="labor_hours per client = sum of raw.time_entries hours",
        column_name="labor_hours",
        count=count,
        examples=examples,
        what="clients whose labour hours differ from their time entries",
    )
