"""Reconciliation: revenue and labour hours in the margin mart equal the sums of the rows
landed in the generic format, as staging reads them.

Per client, over the client's whole range (up to the end of the as-of month, the last month a
mart has). The landed rows are read through the generic staging views
(staging.stg_generic__invoice_lines, staging.stg_generic__time_entries), one row per raw row:
the credit sign and the client's timezone are rules of staging (macros signed_amount, to_utc)
and live there only. What this catches is everything after staging: the incremental facts,
the spreading of lines over months, the joins of the marts. Only clients present in the generic
format are reconciled: a vendor adapter's raw records are JSON that only its staging models read.

Revenue: an invoice line whose period runs past the as-of month counts pro rata by days up to
it; the mart rounds each month's share to cents, hence a tolerance of half a cent per share.
Labour: a time entry counts when it started (UTC) before the end of the as-of month.
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
        cast(amount as double) as amount,
        coalesce(period_start, invoice_date) as first_day,
        case when period_start is null then invoice_date
             else coalesce(period_end, period_start) end as last_day
    from staging.stg_generic__invoice_lines
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

_LABOR_PROBLEMS = """
with range_end as (
    select cast(date_trunc('month', max(as_of)) + interval 1 month as date) as day
    from intermediate.int_as_of
),
raw_hours as (
    select entries.client_id, sum(entries.hours) as raw_hours
    from staging.stg_generic__time_entries as entries, range_end
    where entries.client_id is not null
      and entries.started_at < cast(range_end.day as timestamp)
    group by entries.client_id
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
        rule="revenue per client = sum of the landed invoice lines (staging.stg_generic__invoice_lines)",
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
        rule="labor_hours per client = sum of the landed time entries (staging.stg_generic__time_entries)",
        column_name="labor_hours",
        count=count,
        examples=examples,
        what="clients whose labour hours differ from their time entries",
    )
