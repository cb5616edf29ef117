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
    """The result as a frame; DATE columns hold datetime.date (months and weeks compare as dates)."""
    result = con.execute(sql, list(params or []))
    dates = [name for name, type_code, *_ in result.description if str(type_code) == "DATE"]
    frame = result.df()
    for name in dates:
        frame[name] = frame[name].dt.date
    return frame


def has_table(con: Connection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()[0][0]
    )


def has_column(con: Connection, schema: str, table: str, column: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.columns"
            " where table_schema = ? and table_name = ? and column_name = ?",
            [schema, table, column],
        ).fetchall()[0][0]
    )


# The newest row of each kind, and the last build that passed its checks: (schema, table, query).
_NEWEST = {
    "as_of": ("intermediate", "int_as_of", "select max(as_of) from intermediate.int_as_of"),
    "newest_event": (
        "intermediate",
        "int_monitoring_events",
        "select max(started_at) from intermediate.int_monitoring_events",
    ),
    "newest_ticket": ("marts", "fct_tickets", "select max(created_at) from marts.fct_tickets"),
    "newest_time_entry": (
        "intermediate",
        "int_time_entries",
        "select max(started_at) from intermediate.int_time_entries",
    ),
    "last_build": (
        "quality",
        "build_runs",
        "select max(recorded_at) from quality.build_runs where status = 'passed'",
    ),
}


def data_dates(con: Connection) -> dict[str, dt.datetime | None]:
    """The newest of each kind; None for a table this warehouse does not have."""
    found = {}
    for name, (schema, table, sql) in _NEWEST.items():
        found[name] = con.execute(sql).fetchall()[0][0] if has_table(con, schema, table) else None
    if found["as_of"] is None:  # a warehouse without the build's as-of table: the newest data
        newest = [found[k] for k in ("newest_event", "newest_ticket") if found[k] is not None]
        found["as_of"] = max(newest) if newest else None
    return found


def month_range(con: Connection) -> tuple[dt.date | None, dt.date | None]:
    """First and last month of the margin mart (the last is normally the as-of month)."""
    first, last = con.execute(
        "select min(month), max(month) from marts.fct_client_margin_monthly"
    ).fetchall()[0]
    return first, last


def model_summary(con: Connection, first: dt.date, last: dt.date) -> pd.DataFrame:
    """One row per support model over [first, last] months, then the portfolio ('all').

    A client that changed model inside the period counts under each model it had (and
    once in 'all'). Seats are each client's current seats; per-seat figures divide by
    seat-months (seats x months under the model).
    """
    return fetch(
        con,
        """
        with months as (
            select m.*, coalesce(c.seats, 0) as seats
            from marts.fct_client_margin_monthly as m
            inner join marts.dim_clients as c using (client_id)
            where m.month between ? and ?
        ),
        per_client as (
            select grouping(support_model) = 1 as is_total,
                   coalesce(support_model, 'all') as support_model, client_id,
                   any_value(seats) as seats, sum(seats) as seat_months,
                   sum(revenue) as revenue, sum(total_cost) as total_cost,
                   sum(gross_margin) as gross_margin, sum(labor_hours) as labor_hours,
                   sum(parts_cost) as parts_cost
            from months
            group by grouping sets ((support_model, client_id), (client_id))
        )
        select support_model, count(*) as clients, sum(seats) as seats,
               sum(revenue)::double as revenue, sum(total_cost)::double as total_cost,
               sum(gross_margin)::double as gross_margin,
               100 * sum(gross_margin)::double / nullif(sum(revenue)::double, 0) as gross_margin_pct,
               sum(revenue - parts_cost)::double / nullif(sum(labor_hours), 0) as effective_hourly_rate,
               sum(revenue)::double / nullif(sum(seat_months), 0) as revenue_per_seat_month,
               sum(gross_margin)::double / nullif(sum(seat_months), 0) as margin_per_seat_month
        from per_client
        group by support_model
        -- The order leadership reads them in, the portfolio ('all') last.
        order by bool_or(is_total),
                 list_position(['managed', 'hybrid', 'break_fix', 'unassigned'], support_model)
        """,
        [first, last],
    )


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


def margin_heatmap(
    con: Connection, first: dt.date, last: dt.date, currency_prefix: str, running: dt.date | None
) -> pd.DataFrame:
    """Every client-month's margin % over the period, worst clients (period margin) first.

    `hover` is the cell's text, written here rather than cell by cell in Python: the
    client's name (HTML-escaped: plotly renders it), the month ('to date' when it is the
    running month), margin % and margin in the MSP's currency.
    """
    return fetch(
        con,
        """
        with cells as (
            select c.client_id, c.client_name, m.month, m.gross_margin_pct,
                   m.gross_margin::double as gross_margin,
                   sum(m.gross_margin) over (partition by m.client_id)::double as period_margin
            from marts.fct_client_margin_monthly as m
            inner join marts.dim_clients as c using (client_id)
            where m.month between ? and ?
        )
        select client_id, client_name, month, gross_margin_pct, period_margin,
               replace(replace(replace(client_name, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')
               || '<br>' || strftime(month, '%b %Y')
               || case when month = ?::date then ' (to date)' else '' end
               || '<br>margin '
               || coalesce(format('{:.1f}%', gross_margin_pct), '–') || ', '
               || case when gross_margin < 0 then '-' else '' end || ?
               || format('{:,.2f}', abs(gross_margin)) as hover
        from cells
        order by period_margin, client_id, month
        """,
        [first, last, running, currency_prefix],
    )


def health_at_risk(
    con: Connection, week_start: dt.date, window_weeks: int, drop_points: float, below: float
) -> pd.DataFrame:
    """Clients whose week (the last complete one) raises an at-risk reason.

    Health falling: the mean score of the `window_weeks` weeks up to this one is at least
    `drop_points` below the mean of the `window_weeks` weeks before them, and this week's
    score is below `below` (weekly scores are noisy: one bad week of a healthy client is
    not a risk). The two money flags are the health mart's own.
    """
    return fetch(
        con,
        """
        with params as (
            select ?::date as week_start, ?::integer as window_weeks,
                   ?::double as drop_points, ?::double as below
        ),
        this_week as (
            select h.* from marts.fct_client_health_weekly as h, params as p
            where h.week_start = p.week_start
        ),
        trend as (
            select h.client_id,
                   avg(h.health_score) filter (
                       where h.week_start > p.week_start - to_weeks(p.window_weeks)
                   ) as recent_score,
                   avg(h.health_score) filter (
                       where h.week_start <= p.week_start - to_weeks(p.window_weeks)
                   ) as earlier_score
            from marts.fct_client_health_weekly as h, params as p
            where h.week_start > p.week_start - to_weeks(2 * p.window_weeks)
              and h.week_start <= p.week_start
            group by h.client_id
        ),
        judged as (
            select c.client_id, c.client_name, w.support_model, w.health_score,
                   t.recent_score, t.earlier_score,
                   coalesce(
                       t.recent_score <= t.earlier_score - p.drop_points
                       and w.health_score < p.below,
                       false
                   ) as is_health_falling,
                   w.is_managed_losing_money, w.is_break_fix_downtime_over_managed_fee,
                   w.gross_margin::double as gross_margin,
                   w.estimated_downtime_cost::double as estimated_downtime_cost,
                   w.managed_fee_equivalent::double as managed_fee_equivalent
            from this_week as w
            cross join params as p
            inner join marts.dim_clients as c using (client_id)
            left join trend as t using (client_id)
        )
        select * from judged
        where is_health_falling or is_managed_losing_money or is_break_fix_downtime_over_managed_fee
        order by client_id
        """,
        [week_start, window_weeks, drop_points, below],
    )


def agreements_ending(con: Connection, today: dt.date, within_days: int) -> pd.DataFrame | None:
    """Agreements that end within `within_days` of `today` with nothing after them.

    None when the warehouse has no agreement with an end date at all (then the question
    cannot be answered, which the page says). An agreement followed by a later one that
    runs past its end is a renewal, not a risk.
    """
    if not has_table(con, "intermediate", "int_agreements"):
        return None
    dated = con.execute("select count(end_date) from intermediate.int_agreements").fetchall()[0][0]
    if not dated:
        return None
    return fetch(
        con,
        """
        select a.client_id, c.client_name, a.agreement_id, a.support_model, a.end_date,
               date_diff('day', ?::date, a.end_date) as days_left
        from intermediate.int_agreements as a
        inner join marts.dim_clients as c using (client_id)
        where a.end_date between ?::date and ?::date + ?::integer
          and not exists (
              select 1 from intermediate.int_agreements as n
              where n.client_id = a.client_id and n.start_date > a.start_date
                and coalesce(n.end_date, date '9999-12-31') > a.end_date
          )
        order by a.end_date, a.client_id
        """,
        [today, today, today, within_days],
    )


def client_profitability(
    con: Connection,
    first: dt.date,
    last: dt.date,
    support_model: str | None = None,
    name_contains: str = "",
    week_start: dt.date | None = None,
) -> pd.DataFrame:
    """One row per client and support model over the period, worst margin first.

    A client that changed model inside the period appears once per model, so each
    model's economics stay separate. health_score is the client's score in `week_start`.
    """
    return fetch(
        con,
        """
        select c.client_id, c.client_name, m.support_model, count(*) as months,
               sum(m.revenue)::double as revenue, sum(m.total_cost)::double as total_cost,
               sum(m.gross_margin)::double as gross_margin,
               100 * sum(m.gross_margin)::double / nullif(sum(m.revenue)::double, 0) as gross_margin_pct,
               sum(m.labor_hours) as labor_hours,
               sum(m.revenue - m.parts_cost)::double / nullif(sum(m.labor_hours), 0) as effective_hourly_rate,
               any_value(h.health_score) as health_score
        from marts.fct_client_margin_monthly m
        join marts.dim_clients c using (client_id)
        left join marts.fct_client_health_weekly h
            on h.client_id = m.client_id and h.week_start = ?
        where m.month between ? and ?
          and (?::varchar is null or m.support_model = ?)
          and c.client_name ilike '%' || ? || '%' escape '\\'
        group by c.client_id, c.client_name, m.support_model
        order by gross_margin, c.client_id
        """,
        [
            week_start,
            first,
            last,
            support_model,
            support_model,
            _like_literal(name_contains),
        ],
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
    """Support model changes with the months before and after them, newest first.

    `counted` says whether the change is a switch the page compares: the client had
    another support model before (not a first agreement, nor an agreement ending) and
    at least one whole month on each side (months_compared > 0); `not_counted_because`
    says why not.
    """
    return fetch(
        con,
        """
        select c.client_name, t.*,
               case
                   when t.from_model = 'unassigned' then 'first agreement'
                   when t.to_model = 'unassigned' then 'agreement ended'
                   when coalesce(t.months_compared, 0) < 1 then 'no whole month on both sides'
               end as not_counted_because,
               not_counted_because is null as counted
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
