"""What the reports show, read from the published marts in a few bulk queries.

Every figure is a mart's value, or a plain count/sum of mart rows for a period
the marts do not cut (a day, a week). Values are bound parameters; the only
names formatted into SQL are column names read from the warehouse's catalogue.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipelines import readonly
from pipelines.reports.weeks import IsoWeek, last_complete_iso_week

TREND_WEEKS = 12
TREND_MONTHS = 6
# The measures behind the score, in the order a person reads them (those present are shown).
HEALTH_METRICS = (
    "availability_pct",
    "downtime_minutes",
    "recurring_fault_rate",
    "max_recurring_faults_on_one_device",
    "response_met_pct",
    "sla_met_pct",
    "sla_breaches",
    "sla_breaches_prior",
    "tickets_per_seat",
    "gross_margin_pct",
    "gross_margin",
)
NOT_COMPONENTS = (
    "health_score",
    "weighted_component_score",
    "service_health_score",
    "service_weighted_component_score",
    "account_health_score",
)
COUNTERFACTUAL = "fct_client_model_counterfactual_monthly"
CASE_PERIODS = (3, 12)  # the support-model case: the last 3 and 12 complete months


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    if not Path(warehouse).exists():
        raise FileNotFoundError(f"published warehouse not found: {warehouse}")
    # Read-only and closed off from other files, ATTACH, extensions and settings.
    return readonly.connect_read_only(warehouse)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    found = con.execute(
        "select column_name from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [name for (name,) in found]


def data_as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """The build's as-of time (intermediate.int_as_of).

    Without it, the Monday of the latest health week: health weeks run up to the
    as-of week, so that Monday lies in the same ISO week as the as-of time and gives
    the same last complete week.
    """
    if columns(con, "intermediate", "int_as_of"):
        found = con.execute("select max(as_of) from intermediate.int_as_of").fetchall()
        if found and found[0][0] is not None:
            return found[0][0]
    found = con.execute("select max(week_start) from marts.fct_client_health_weekly").fetchall()
    if found and found[0][0] is not None:
        return datetime.combine(found[0][0], datetime.min.time())
    return None


def default_week(con: duckdb.DuckDBPyConnection) -> IsoWeek:
    as_of = data_as_of(con)
    if as_of is None:
        raise ValueError("the warehouse has no data to report on (no as-of time, no health weeks)")
    return last_complete_iso_week(as_of)


def report_month(week: IsoWeek) -> date:
    """The last month complete when the week ends: its margin is final, unlike a month to date."""
    return months_back(week.end.replace(day=1), 1)


def running_month(week: IsoWeek) -> date:
    """The month the week's last day falls in: the trends run up to it (to date)."""
    return week.last_day.replace(day=1)


def months_back(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 - count, 12)
    return date(year, index + 1, 1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _by_client(records: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        grouped[record["client_id"]].append(record)
    return grouped


@dataclass
class WeekFigures:
    """Everything one week's reports show, per client and for the portfolio."""

    week: IsoWeek
    as_of: datetime | None
    month: date
    last_month: date
    clients: dict[str, dict]
    health: dict[str, dict]
    health_components: list[str]
    health_trend: dict[str, list[dict]] = field(default_factory=dict)
    daily_downtime: dict[str, list[dict]] = field(default_factory=dict)
    week_outages: dict[str, list[dict]] = field(default_factory=dict)
    recurring_devices: dict[str, list[dict]] = field(default_factory=dict)
    sla_week: dict[str, list[dict]] = field(default_factory=dict)
    sla_monthly: dict[str, list[dict]] = field(default_factory=dict)
    weekly_tickets: dict[str, list[dict]] = field(default_factory=dict)
    margin_monthly: dict[str, list[dict]] = field(default_factory=dict)
    downtime_monthly: dict[str, list[dict]] = field(default_factory=dict)
    support_models: list[dict] = field(default_factory=list)
    support_model_trend: list[dict] = field(default_factory=list)
    transitions: list[dict] = field(default_factory=list)
    transition_measures: list[str] = field(default_factory=list)
    outage_devices: dict[str, list[dict]] = field(default_factory=dict)
    work_weekly: dict[str, list[dict]] = field(default_factory=dict)
    # The support-model case: per client, one row per (period_months, side), see _case_sums.
    case_sums: dict[str, list[dict]] = field(default_factory=dict)
    has_counterfactual: bool = False
    model_pays: dict = field(default_factory=dict)  # pipelines/reports/model_pays.py


def load_week(con: duckdb.DuckDBPyConnection, week: IsoWeek) -> WeekFigures:
    health_columns = columns(con, "marts", "fct_client_health_weekly")
    health = {
        r["client_id"]: r
        for r in rows(
            con, "select * from marts.fct_client_health_weekly where week_start = ?", [week.start]
        )
    }
    if not health:
        latest = con.execute(
            "select max(week_start) from marts.fct_client_health_weekly"
        ).fetchall()
        raise ValueError(
            f"no client health rows for week {week} (latest week_start: {latest[0][0]})"
        )
    month = report_month(week)
    last_month = running_month(week)
    first_month = months_back(last_month, TREND_MONTHS - 1)
    trend_start = week.minus(TREND_WEEKS - 1).start
    window = [_midnight(trend_start), _midnight(week.end)]
    figures = WeekFigures(
        week=week,
        as_of=data_as_of(con),
        month=month,
        last_month=last_month,
        clients={
            r["client_id"]: r
            for r in rows(
                con,
                "select * from marts.dim_clients where client_id in"
                " (select client_id from marts.fct_client_health_weekly where week_start = ?)"
                " order by client_id",
                [week.start],
            )
        },
        health=health,
        health_components=[
            c for c in health_columns if c.endswith("_score") and c not in NOT_COMPONENTS
        ],
    )
    figures.health_trend = _by_client(
        rows(
            con,
            "select client_id, week_start, health_score from marts.fct_client_health_weekly"
            " where week_start >= ? and week_start <= ? order by client_id, week_start",
            [trend_start, week.start],
        )
    )
    # Daily downtime: each merged outage clipped to each UTC day of the 12 weeks.
    figures.daily_downtime = _by_client(
        rows(
            con,
            """
        with days as (
            select unnest(generate_series(?::timestamp, ?::timestamp - interval 1 day,
                                          interval 1 day)) as day_start
        )
        select o.client_id, d.day_start::date as day,
            sum(epoch(least(o.outage_end, d.day_start + interval 1 day)
                      - greatest(o.outage_start, d.day_start))) / 60.0 as downtime_minutes
        from days as d
        join marts.fct_outages as o
            on o.outage_start < d.day_start + interval 1 day and o.outage_end > d.day_start
        group by all
        order by o.client_id, day
        """,
            window,
        )
    )
    figures.week_outages = _by_client(
        rows(
            con,
            "select * from marts.fct_outages where outage_start < ? and outage_end > ?"
            " order by client_id, outage_start",
            [_midnight(week.end), _midnight(week.start)],
        )
    )
    figures.recurring_devices = _by_client(
        rows(
            con,
            """
        select t.client_id, t.device_id, d.device_name, d.device_type,
            count(*) as recurring_faults,
            count(*) filter (where t.created_at >= ?) as recurring_faults_this_week,
            max(t.created_at) as last_recurring_fault_at,
            string_agg(distinct coalesce(t.category, '-') || ' / ' || coalesce(t.subcategory, '-'),
                       ', ') as fault_types
        from marts.fct_tickets as t
        left join marts.dim_devices as d on d.device_id = t.device_id
        where t.is_recurring_fault and t.created_at >= ? and t.created_at < ?
        group by all
        order by t.client_id, recurring_faults desc, t.device_id
        """,
            [_midnight(week.start), *window],
        )
    )
    figures.sla_week = _by_client(
        rows(
            con,
            """
        select client_id, priority, count(*) as tickets,
            string_agg(distinct response_target_minutes::varchar, ' / ') as response_target_minutes,
            count(*) filter (where response_sla_met) as response_met,
            count(*) filter (where not response_sla_met) as response_breached,
            string_agg(distinct resolution_target_minutes::varchar, ' / ') as resolution_target_minutes,
            count(*) filter (where resolution_sla_met) as resolution_met,
            count(*) filter (where not resolution_sla_met) as resolution_breached
        from marts.fct_tickets
        where created_at >= ? and created_at < ?
        group by all
        order by client_id, priority
        """,
            [_midnight(week.start), _midnight(week.end)],
        )
    )
    month_window = [first_month, last_month]
    figures.sla_monthly = _by_client(
        rows(
            con,
            "select * from marts.fct_client_sla_monthly where month between ? and ?"
            " order by client_id, month",
            month_window,
        )
    )
    figures.weekly_tickets = _by_client(
        rows(
            con,
            "select client_id, date_trunc('week', created_at)::date as week_start,"
            " count(*) as tickets from marts.fct_tickets where created_at >= ? and created_at < ?"
            " group by all order by client_id, week_start",
            window,
        )
    )
    figures.margin_monthly = _by_client(
        rows(
            con,
            "select * from marts.fct_client_margin_monthly where month between ? and ?"
            " order by client_id, month",
            month_window,
        )
    )
    figures.downtime_monthly = _by_client(
        rows(
            con,
            "select * from marts.fct_client_downtime_monthly where month between ? and ?"
            " order by client_id, month",
            month_window,
        )
    )
    figures.support_models = rows(
        con,
        "select * from marts.fct_support_model_monthly where month = ? order by support_model",
        [month],
    )
    figures.support_model_trend = rows(
        con,
        "select support_model, month, gross_margin_pct, downtime_minutes_per_client,"
        " recurring_fault_rate from marts.fct_support_model_monthly where month between ? and ?"
        " order by support_model, month",
        month_window,
    )
    figures.transitions, figures.transition_measures = _transitions(con)
    if columns(con, "marts", "fct_client_outage_devices"):
        figures.outage_devices = _by_client(
            rows(
                con,
                """
            select d.* from marts.fct_client_outage_devices as d
            join marts.fct_outages as o
                on o.client_id = d.client_id and o.outage_start = d.outage_start
            where o.outage_start < ? and o.outage_end > ?
            order by d.client_id, d.outage_start, d.device_name, d.device_id
            """,
                [_midnight(week.end), _midnight(week.start)],
            )
        )
    if columns(con, "marts", "fct_client_work_weekly"):
        figures.work_weekly = _by_client(
            rows(
                con,
                "select * from marts.fct_client_work_weekly where week_start >= ? and week_start <= ?"
                " order by client_id, week_start, work_type",
                [trend_start, week.start],
            )
        )
    counterfactual_columns = columns(con, "marts", COUNTERFACTUAL)
    figures.has_counterfactual = bool(counterfactual_columns)
    if figures.has_counterfactual:
        bounds = "estimated_downtime_cost_low" in counterfactual_columns
        figures.case_sums = _by_client(_case_sums(con, month, bounds))
    from pipelines.reports.model_pays import load_model_pays  # it reads with rows/columns here

    figures.model_pays = load_model_pays(con, month)
    return figures


def _case_sums(
    con: duckdb.DuckDBPyConnection, report_month: date, bounds: bool = False
) -> list[dict]:
    """The support-model case's sums: per client, period (the last 3 and 12 complete months up
    to the report month) and side ('actual': the model in force each month; else a model as
    modelled or actual), with the months covered and the model in force in the latest month.
    ``bounds``: the mart also gives the low and high ends of its downtime cost estimate."""
    low_high = (
        "sum(s.estimated_downtime_cost_low) as downtime_cost_low,"
        " sum(s.estimated_downtime_cost_high) as downtime_cost_high,"
        if bounds
        else "null as downtime_cost_low, null as downtime_cost_high,"
    )
    return rows(
        con,
        f"""
        with complete as (
            select *,
                dense_rank() over (partition by client_id order by month desc) as months_back
            from marts.{COUNTERFACTUAL}
            where is_complete_month and month <= ?
        ),
        periods as (select unnest(?::integer[]) as period_months),
        sides as (
            select *, 'actual' as side from complete where basis = 'actual'
            union all
            select *, support_model as side from complete
        ),
        in_force as (
            select client_id, arg_max(support_model, month) as model_in_force
            from complete where basis = 'actual' group by client_id
        )
        select s.client_id, p.period_months, s.side, f.model_in_force,
            count(distinct s.month) as months, min(s.month) as first_month,
            max(s.month) as last_month,
            sum(s.client_fee_cost) as fee, sum(s.client_labor_cost) as labor,
            sum(s.client_emergency_labor_cost) as emergency_labor,
            sum(s.client_parts_cost) as parts, sum(s.client_it_cost) as it_cost,
            sum(s.downtime_minutes) as downtime_minutes,
            sum(s.estimated_downtime_cost) as downtime_cost,
            count(s.estimated_downtime_cost) as months_with_downtime_cost, {low_high}
            sum(s.client_total_cost) as total_cost,
            sum(s.msp_revenue) as msp_revenue, sum(s.msp_cost) as msp_cost,
            sum(s.msp_margin) as msp_margin,
            100 * sum(s.msp_margin) / nullif(sum(s.msp_revenue), 0) as msp_margin_pct
        from sides as s
        join periods as p on s.months_back <= p.period_months
        join in_force as f on f.client_id = s.client_id
        group by all
        order by s.client_id, p.period_months, s.side
        """,  # noqa: S608 - the table name is a constant
        [report_month, list(CASE_PERIODS)],
    )


def _transitions(con: duckdb.DuckDBPyConnection) -> tuple[list[dict], list[str]]:
    found = columns(con, "marts", "fct_support_model_transitions")
    if not found:
        return [], []
    measures = [
        c[: -len("_before")] for c in found if c.endswith("_before") and f"{c[:-7]}_after" in found
    ]
    records = rows(
        con,
        "select t.*, c.client_name from marts.fct_support_model_transitions as t"
        " left join marts.dim_clients as c on c.client_id = t.client_id"
        " order by t.changed_on desc, t.client_id",
    )
    return records, measures
