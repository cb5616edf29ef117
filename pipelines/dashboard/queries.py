"""Every query the dashboard runs, against the published warehouse's `marts` tables.

A page view opens one short read-only connection (`read_only`), runs its queries on it and
closes it: the dashboard never holds the file between requests, and it cannot write to it.
User input reaches DuckDB only as bound `?` parameters.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import duckdb
import pandas as pd

from pipelines.readonly import connect_read_only


@contextmanager
def read_only(warehouse: str | os.PathLike) -> Iterator[duckdb.DuckDBPyConnection]:
    # Read-only and closed off from other files, ATTACH, extensions and settings.
    con = connect_read_only(warehouse)
    try:
        yield con
    finally:
        con.close()


Connection = duckdb.DuckDBPyConnection


def fetch(con: Connection, sql: str, params: Sequence | None = None) -> pd.DataFrame:
    return con.execute(sql, list(params or [])).df()


def latest_month(con: Connection) -> dt.date | None:
    """The as-of month: the last month the margin mart covers."""
    return con.execute("select max(month) from marts.fct_client_margin_monthly").fetchall()[0][0]


def period_bounds(con: Connection, period: str) -> tuple[dt.date, dt.date]:
    """First and last month of a period picked on screen: 'all' or the last N months."""
    last = latest_month(con) or dt.date.today().replace(day=1)
    if period == "all":
        return dt.date(1900, 1, 1), last
    months = max(1, int(period)) if str(period).isdigit() else 12
    year, month0 = divmod(last.year * 12 + last.month - 1 - (months - 1), 12)
    return dt.date(year, month0 + 1, 1), last


def support_model_monthly(con: Connection, first: dt.date, last: dt.date) -> pd.DataFrame:
    return fetch(
        con,
        """
        select support_model, month, clients, revenue::double as revenue,
               total_cost::double as total_cost, gross_margin::double as gross_margin,
               gross_margin_pct, effective_hourly_rate, downtime_minutes_per_client,
               recurring_fault_rate
        from marts.fct_support_model_monthly
        where month between ? and ?
        order by month, support_model
        """,
        [first, last],
    )


def portfolio_totals(con: Connection, first: dt.date, last: dt.date) -> dict:
    """Revenue, cost and margin of the whole portfolio over the period."""
    frame = fetch(
        con,
        """
        select sum(revenue)::double as revenue, sum(total_cost)::double as total_cost,
               sum(gross_margin)::double as gross_margin,
               100 * sum(gross_margin)::double / nullif(sum(revenue)::double, 0) as gross_margin_pct,
               count(distinct client_id) as clients
        from marts.fct_client_margin_monthly
        where month between ? and ?
        """,
        [first, last],
    )
    return frame.iloc[0].to_dict()


def client_profitability(
    con: Connection,
    first: dt.date,
    last: dt.date,
    support_model: str | None = None,
    name_contains: str = "",
) -> pd.DataFrame:
    """One row per client and support model over the period, worst margin first.

    A client that changed model inside the period appears once per model, so each
    model's economics stay separate.
    """
    return fetch(
        con,
        """
        select c.client_id, c.client_name, m.support_model, count(*) as months,
               sum(m.revenue)::double as revenue, sum(m.total_cost)::double as total_cost,
               sum(m.gross_margin)::double as gross_margin,
               100 * sum(m.gross_margin)::double / nullif(sum(m.revenue)::double, 0) as gross_margin_pct,
               sum(m.labor_hours) as labor_hours,
               sum(m.revenue - m.parts_cost)::double / nullif(sum(m.labor_hours), 0) as effective_hourly_rate
        from marts.fct_client_margin_monthly m
        join marts.dim_clients c using (client_id)
        where m.month between ? and ?
          and (?::varchar is null or m.support_model = ?)
          and c.client_name ilike '%' || ? || '%' escape '\\'
        group by all
        order by gross_margin, c.client_id
        """,
        [first, last, support_model, support_model, _like_literal(name_contains)],
    )


def _like_literal(text: str) -> str:
    """Search text matched literally: % and _ typed by a user are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def downtime_by_client(
    con: Connection, first: dt.date, last: dt.date, support_model: str | None = None
) -> pd.DataFrame:
    """Downtime and recurring faults per client and model over the period, costliest first."""
    return fetch(
        con,
        """
        select c.client_id, c.client_name, m.support_model, count(*) as months,
               avg(d.downtime_minutes) as downtime_minutes_per_month,
               avg(d.availability_pct) as availability_pct,
               sum(d.estimated_downtime_cost)::double as estimated_downtime_cost,
               sum(f.fault_count) as faults, sum(f.recurring_fault_count) as recurring_faults,
               100.0 * sum(f.recurring_fault_count) / nullif(sum(f.fault_count), 0) as recurring_fault_rate
        from marts.fct_client_margin_monthly m
        join marts.dim_clients c using (client_id)
        left join marts.fct_client_downtime_monthly d using (client_id, month)
        left join marts.fct_client_faults_monthly f using (client_id, month)
        where m.month between ? and ?
          and (?::varchar is null or m.support_model = ?)
        group by all
        order by estimated_downtime_cost desc nulls last, c.client_id
        """,
        [first, last, support_model, support_model],
    )


def transitions(con: Connection, to_model: str | None = None) -> pd.DataFrame:
    """Support model changes with the months before and after them, newest first."""
    return fetch(
        con,
        """
        select c.client_name, t.*
        from marts.fct_support_model_transitions t
        join marts.dim_clients c using (client_id)
        where ?::varchar is null or t.to_model = ?
        order by t.changed_on desc, t.client_id
        """,
        [to_model, to_model],
    )


def clients(con: Connection) -> pd.DataFrame:
    return fetch(
        con,
        "select client_id, client_name, current_support_model from marts.dim_clients order by client_name",
    )


def client_profile(con: Connection, client_id: str) -> pd.DataFrame:
    return fetch(con, "select * from marts.dim_clients where client_id = ?", [client_id])


def client_health(con: Connection, client_id: str) -> pd.DataFrame:
    return fetch(
        con,
        """
        select week_start, support_model, health_score, availability_pct, recurring_fault_rate,
               response_met_pct, gross_margin_pct, tickets_per_seat, flags, recommendation
        from marts.fct_client_health_weekly
        where client_id = ?
        order by week_start
        """,
        [client_id],
    )


def client_monthly(con: Connection, client_id: str) -> pd.DataFrame:
    return fetch(
        con,
        """
        select m.month, m.support_model, m.revenue::double as revenue,
               m.total_cost::double as total_cost, m.gross_margin::double as gross_margin,
               m.gross_margin_pct, d.downtime_minutes, f.recurring_fault_rate
        from marts.fct_client_margin_monthly m
        left join marts.fct_client_downtime_monthly d using (client_id, month)
        left join marts.fct_client_faults_monthly f using (client_id, month)
        where m.client_id = ?
        order by m.month
        """,
        [client_id],
    )
