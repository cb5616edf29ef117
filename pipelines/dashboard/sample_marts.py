"""A marts-shaped warehouse with known numbers, for developing and testing the readers.

The dashboard, the SQL prompt and the notebooks read only `marts.*`. This writes those
tables (docs/design.md section 4 columns and types) without running ingest and dbt, so the
readers can be tested in a second and benchmarked at 300 clients x 36 months. Point
the same tests at a real build by passing its published warehouse instead.

The data ends on the 12th of the last month at 14:00 (the as-of time), so that month
runs "to date". Hand-set clients the tests check on screen:
- C0001 "Harbour Dental" is managed for the whole period and loses 500.00 a month
  (revenue 2000.00, total cost 2500.00).
- C0002 "Kestrel Logistics" moves from break-fix to managed at month 13; its downtime
  drops from 600 to 120 minutes a month.
- C0003 "Oakfield Legal" is managed; in the running month its downtime jumps to 3000
  minutes, so its health falls in the last complete week.
- C0004's only agreement ends 60 days after the as-of date (at risk); C0005's ends in
  200 days (not yet); C0006's ends in 30 days but is renewed by a later one (not at risk).

With `with_build_tables`, it also writes the few other tables of a build the dashboard
reads: the build's as-of time, the newest monitoring event, ticket and time entry,
agreements and quality.build_runs (without them a reader sees only the eight marts).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

INDUSTRIES = ["dental", "legal", "logistics", "accounting", "retail", "manufacturing", "charity"]
TIMEZONES = ["Europe/London", "Europe/Dublin", "America/New_York", "Australia/Sydney", "UTC"]
NAME_WORDS = [
    "Harbour",
    "Kestrel",
    "Oakfield",
    "Brightwater",
    "Juniper",
    "Northgate",
    "Copperline",
    "Willow",
    "Granite",
    "Bluebell",
    "Summit",
    "Riverside",
    "Foxglove",
    "Meridian",
    "Ashby",
]
NAME_KINDS = ["Dental", "Logistics", "Legal", "Accounts", "Retail", "Works", "Trust", "Partners"]

LOSING_CLIENT = "C0001"
SWITCHING_CLIENT = "C0002"
SWITCH_MONTH_INDEX = 12  # C0002 becomes managed in its 13th month
FALLING_CLIENT = "C0003"
FALLING_CLIENT_INDEX = 3
AS_OF_DAY, AS_OF_HOUR = 12, 14  # the data ends on the 12th of the last month at 14:00
LAST_BUILD = dt.datetime(2026, 1, 2, 8, 30)
# Agreements that end: client -> (days after the as-of date, renewed by a later agreement)
ENDING_AGREEMENTS = {"C0004": (60, False), "C0005": (200, False), "C0006": (30, True)}


def _month(start: dt.date, offset: int) -> dt.date:
    year, month0 = divmod(start.month - 1 + offset, 12)
    return dt.date(start.year + year, month0 + 1, 1)


def _clients(rng: np.random.Generator, clients: int, months: int) -> pd.DataFrame:
    rows = []
    for i in range(1, clients + 1):
        seats = int(rng.integers(8, 120))
        roll = rng.random()
        if i == 1:
            path, switch, seats, start = ("managed", "managed"), None, 40, 0
            name = "Harbour Dental"
        elif i == 2:
            path, switch, seats, start = ("break_fix", "managed"), SWITCH_MONTH_INDEX, 30, 0
            name = "Kestrel Logistics"
        elif i == FALLING_CLIENT_INDEX:
            path, switch, seats, start = ("managed", "managed"), None, 25, 0
            name = "Oakfield Legal"
        else:
            name = f"{NAME_WORDS[i % len(NAME_WORDS)]} {NAME_KINDS[(i * 7) % len(NAME_KINDS)]} {i}"
            start = 0 if rng.random() < 0.8 else int(rng.integers(1, max(2, months // 2)))
            if roll < 0.45:
                path, switch = ("managed", "managed"), None
            elif roll < 0.72:
                path, switch = ("break_fix", "break_fix"), None
            elif roll < 0.85:
                path, switch = ("hybrid", "hybrid"), None
            else:
                path = ("break_fix", "managed")
                lo, hi = start + 4, months - 3
                switch = int(rng.integers(lo, hi)) if hi > lo else None
                if switch is None or f"C{i:04d}" in ENDING_AGREEMENTS:
                    path, switch = ("break_fix", "break_fix"), None
        rows.append(
            {
                "client_id": f"C{i:04d}",
                "client_name": name,
                "industry": INDUSTRIES[i % len(INDUSTRIES)],
                "seats": seats,
                "timezone": TIMEZONES[i % len(TIMEZONES)],
                "first_model": path[0],
                "current_support_model": path[1],
                "switch_index": switch,
                "start_index": start,
                "active_endpoints": int(seats * 1.3),
                "downtime_cost_per_hour": float(seats * 50),
            }
        )
    return pd.DataFrame(rows)


def _client_months(
    rng: np.random.Generator, clients: pd.DataFrame, first_month: dt.date, months: int
) -> pd.DataFrame:
    rows = []
    for c in clients.itertuples():
        for m in range(c.start_index, months):
            model = (
                c.first_model
                if c.switch_index is None or m < c.switch_index
                else c.current_support_model
            )
            month = _month(first_month, m)
            endpoints = c.active_endpoints
            if model == "managed":
                revenue = c.seats * 95 + rng.normal(0, 40)
                labor_hours = max(1.0, c.seats * 0.35 + rng.normal(0, 2))
                parts = 0.0
                tooling = endpoints * 6.0
                downtime = max(0.0, rng.normal(150, 60))
                faults = int(rng.poisson(c.seats * 0.05)) + 1
                recurring_share = 0.10
            elif model == "hybrid":
                labor_hours = max(1.0, c.seats * 0.3 + rng.normal(0, 3))
                parts = float(rng.choice([0, 0, 150, 420]))
                revenue = c.seats * 50 + labor_hours * 0.4 * 120 + parts * 1.2
                tooling = (endpoints // 3) * 6.0
                downtime = max(0.0, rng.normal(320, 120))
                faults = int(rng.poisson(c.seats * 0.08)) + 1
                recurring_share = 0.2
            else:
                labor_hours = max(0.5, rng.gamma(2.0, c.seats * 0.12))
                parts = float(rng.choice([0, 0, 0, 180, 640, 1300]))
                revenue = labor_hours * 125 + parts * 1.25
                tooling = 0.0
                downtime = max(0.0, rng.normal(620, 250))
                faults = int(rng.poisson(c.seats * 0.12)) + 1
                recurring_share = 0.32
            labor_cost = labor_hours * 55
            if c.client_id == LOSING_CLIENT:
                revenue, labor_hours, labor_cost, parts, tooling = 2000.0, 40.0, 2260.0, 0.0, 240.0
                downtime = 100.0
            if c.client_id == SWITCHING_CLIENT:
                downtime = 600.0 if model == "break_fix" else 120.0
            if c.client_id == FALLING_CLIENT:
                downtime = 3000.0 if m == months - 1 else 100.0
            recurring = int(round(faults * recurring_share * rng.uniform(0.5, 1.5)))
            tickets = faults + int(rng.poisson(c.seats * 0.1))
            response_met = int(round(tickets * (0.93 if model == "managed" else 0.75)))
            rows.append(
                {
                    "client_id": c.client_id,
                    "month": month,
                    "support_model": model,
                    "seats": c.seats,
                    "revenue": round(revenue, 2),
                    "labor_hours": round(labor_hours, 2),
                    "billable_hours": round(labor_hours * (0.1 if model == "managed" else 0.85), 2),
                    "labor_cost": round(labor_cost, 2),
                    "parts_cost": round(parts, 2),
                    "tooling_cost": round(tooling, 2),
                    "downtime_minutes": round(downtime, 1),
                    "outage_count": int(downtime // 90) + (1 if downtime > 0 else 0),
                    "fault_count": faults,
                    "recurring_fault_count": min(recurring, faults),
                    "tickets": tickets,
                    "response_met": response_met,
                    "resolution_met": max(0, response_met - 1),
                    "downtime_cost_per_hour": c.downtime_cost_per_hour,
                }
            )
    return pd.DataFrame(rows)


# The derived columns follow docs/design.md section 5, so the sample obeys the same identities
# (gross_margin = revenue - total_cost, NULL ratios on a zero denominator) as a real build.
MARTS_SQL = """

create table marts.dim_clients as
select client_id, client_name, industry, seats::integer as seats, timezone,
       current_support_model, active_endpoints::integer as active_endpoints,
       downtime_cost_per_hour::decimal(18,2) as downtime_cost_per_hour
from clients_df;

create table marts.fct_client_margin_monthly as
with typed as (
    select client_id, month::date as month, support_model,
           revenue::decimal(18,2) as revenue, labor_hours::double as labor_hours,
           billable_hours::double as billable_hours, labor_cost::decimal(18,2) as labor_cost,
           parts_cost::decimal(18,2) as parts_cost, tooling_cost::decimal(18,2) as tooling_cost
    from months_df
)
select *, (labor_cost + parts_cost + tooling_cost)::decimal(18,2) as total_cost,
       (revenue - labor_cost - parts_cost - tooling_cost)::decimal(18,2) as gross_margin,
       case when revenue <> 0 then 100 * (revenue - labor_cost - parts_cost - tooling_cost)::double / revenue::double end as gross_margin_pct,
       case when labor_hours <> 0 then (revenue - parts_cost)::double / labor_hours end as effective_hourly_rate
from typed;

create table marts.fct_client_downtime_monthly as
select client_id, month::date as month, downtime_minutes::double as downtime_minutes,
       outage_count::integer as outage_count,
       100 * (1 - downtime_minutes / (date_diff('day', month::date, (month::date + interval 1 month)::date) * 1440.0)) as availability_pct,
       round(downtime_minutes * 0.4, 1)::double as business_hours_downtime_minutes,
       round(downtime_minutes * 0.4 / 60 * downtime_cost_per_hour, 2)::decimal(18,2) as estimated_downtime_cost,
       least(downtime_minutes, 90.0 + downtime_minutes / 4)::double as longest_outage_minutes
from months_df;

create table marts.fct_client_faults_monthly as
select client_id, month::date as month, fault_count::integer as fault_count,
       recurring_fault_count::integer as recurring_fault_count,
       case when fault_count > 0 then 100.0 * recurring_fault_count / fault_count end as recurring_fault_rate
from months_df;

create table marts.fct_client_sla_monthly as
select client_id, month::date as month, tickets::integer as tickets,
       response_met::integer as response_met, (tickets - response_met)::integer as response_breached,
       case when tickets > 0 then 100.0 * response_met / tickets end as response_met_pct,
       resolution_met::integer as resolution_met, (tickets - resolution_met)::integer as resolution_breached,
       case when tickets > 0 then 100.0 * resolution_met / tickets end as resolution_met_pct,
       45.0::double as median_response_minutes
from months_df;

create table marts.fct_support_model_monthly as
with joined as (
    select m.*, d.downtime_minutes, f.fault_count, f.recurring_fault_count
    from marts.fct_client_margin_monthly m
    join marts.fct_client_downtime_monthly d using (client_id, month)
    join marts.fct_client_faults_monthly f using (client_id, month)
)
select support_model, month, count(*)::integer as clients,
       sum(revenue)::decimal(18,2) as revenue, sum(total_cost)::decimal(18,2) as total_cost,
       sum(gross_margin)::decimal(18,2) as gross_margin,
       case when sum(revenue) <> 0 then 100 * sum(gross_margin)::double / sum(revenue)::double end as gross_margin_pct,
       sum(labor_hours) as labor_hours,
       case when sum(labor_hours) <> 0 then sum(revenue - parts_cost)::double / sum(labor_hours) end as effective_hourly_rate,
       avg(downtime_minutes) as downtime_minutes_per_client,
       case when sum(fault_count) > 0 then 100.0 * sum(recurring_fault_count) / sum(fault_count) end as recurring_fault_rate
from joined
group by support_model, month;

create table marts.fct_client_health_weekly as
with weeks as (
    select client_id, support_model, month, seats,
           unnest(generate_series(date_trunc('week', month::date)::date,
                                  (month::date + interval 1 month - interval 7 day)::date,
                                  interval 7 day)) as week_start,
           downtime_minutes, fault_count, recurring_fault_count, tickets, response_met,
           revenue, labor_cost + parts_cost + tooling_cost as total_cost,
           round(downtime_minutes * 0.4 / 60 * downtime_cost_per_hour, 2) as downtime_cost
    from months_df
), scored as (
    select client_id, week_start::date as week_start, support_model,
           100 * (1 - downtime_minutes / 40320.0) as availability_pct,
           case when fault_count > 0 then 100.0 * recurring_fault_count / fault_count end as recurring_fault_rate,
           case when tickets > 0 then 100.0 * response_met / tickets end as response_met_pct,
           case when revenue <> 0 then 100 * (revenue - total_cost) / revenue end as gross_margin_pct,
           tickets / 4.0 / seats as tickets_per_seat,
           -- The mart's money signals cover its last complete months; here: the week's month x 3.
           3 * (revenue - total_cost) as gross_margin,
           3 * downtime_cost as estimated_downtime_cost,
           3 * seats * 95.0 as managed_fee_equivalent
    from weeks
    -- Weeks run up to the as-of week, as in a real build.
    where week_start <= date_trunc('week', (select as_of from as_of_df))
), flagged as (
    select *,
           support_model = 'managed' and gross_margin < 0 as is_managed_losing_money,
           support_model = 'break_fix' and estimated_downtime_cost > managed_fee_equivalent
               as is_break_fix_downtime_over_managed_fee,
           coalesce(recurring_fault_rate >= 30, false) as has_recurring_faults_same_device,
           false as is_sla_breaches_rising
    from scored
)
select client_id, week_start, support_model,
       round(greatest(0, least(100, 100 - (100 - availability_pct) * 20
                        - coalesce(recurring_fault_rate, 0) / 2
                        - (100 - coalesce(response_met_pct, 100)) / 2
                        - case when gross_margin_pct < 0 then 20 else 0 end)), 1) as health_score,
       availability_pct, recurring_fault_rate, response_met_pct, gross_margin_pct, tickets_per_seat,
       -- `;`-separated flag codes, '' when none: as marts.fct_client_health_weekly has them.
       concat_ws(';',
           case when is_managed_losing_money then 'managed_losing_money' end,
           case when is_break_fix_downtime_over_managed_fee then 'break_fix_downtime_over_managed_fee' end,
           case when has_recurring_faults_same_device then 'recurring_faults_same_device' end
       ) as flags,
       case when is_managed_losing_money then 'Review the fee or the scope of the agreement'
            when is_break_fix_downtime_over_managed_fee then 'Offer a managed agreement'
            else 'No action' end as recommendation,
       is_managed_losing_money, is_break_fix_downtime_over_managed_fee,
       has_recurring_faults_same_device, is_sla_breaches_rising,
       gross_margin::decimal(18,2) as gross_margin,
       estimated_downtime_cost::decimal(18,2) as estimated_downtime_cost,
       managed_fee_equivalent::decimal(18,2) as managed_fee_equivalent
from flagged;

create table marts.fct_support_model_transitions as
with ordered as (
    select *, lag(support_model) over (partition by client_id order by month) as previous_model
    from months_df
), changes as (
    select client_id, previous_model as from_model, support_model as to_model, month::date as changed_on
    from ordered where previous_model is not null and previous_model <> support_model
), windows as (
    select c.*,
           least((select count(*) from months_df b where b.client_id = c.client_id and b.month < c.changed_on),
                 (select count(*) from months_df a where a.client_id = c.client_id and a.month >= c.changed_on),
                 6)::integer as months_compared
    from changes c
), sides as (
    select w.client_id, w.from_model, w.to_model, w.changed_on, w.months_compared,
           m.month < w.changed_on as is_before, m.downtime_minutes, m.fault_count,
           m.recurring_fault_count, m.tickets, m.seats, m.revenue,
           m.labor_cost + m.parts_cost + m.tooling_cost as total_cost
    from windows w join months_df m on m.client_id = w.client_id
    where m.month >= w.changed_on - to_months(w.months_compared)
      and m.month < w.changed_on + to_months(w.months_compared)
)
select client_id, from_model, to_model, changed_on, months_compared,
       avg(downtime_minutes) filter (where is_before) as downtime_minutes_per_month_before,
       avg(downtime_minutes) filter (where not is_before) as downtime_minutes_per_month_after,
       100.0 * sum(recurring_fault_count) filter (where is_before) / nullif(sum(fault_count) filter (where is_before), 0) as recurring_fault_rate_before,
       100.0 * sum(recurring_fault_count) filter (where not is_before) / nullif(sum(fault_count) filter (where not is_before), 0) as recurring_fault_rate_after,
       sum(tickets) filter (where is_before) / any_value(seats) / months_compared as tickets_per_seat_per_month_before,
       sum(tickets) filter (where not is_before) / any_value(seats) / months_compared as tickets_per_seat_per_month_after,
       100 * (sum(revenue - total_cost) filter (where is_before)) / nullif(sum(revenue) filter (where is_before), 0) as gross_margin_pct_before,
       100 * (sum(revenue - total_cost) filter (where not is_before)) / nullif(sum(revenue) filter (where not is_before), 0) as gross_margin_pct_after,
       round(avg(revenue - total_cost) filter (where is_before), 2)::decimal(18,2) as gross_margin_per_month_before,
       round(avg(revenue - total_cost) filter (where not is_before), 2)::decimal(18,2) as gross_margin_per_month_after
from sides
group by client_id, from_model, to_model, changed_on, months_compared;
"""


# The newest rows the as-of banner names, and the build record (a build's, in miniature).
OTHER_TABLES_SQL = """
create schema intermediate;
create schema quality;
create table intermediate.int_as_of as select as_of_df.as_of::timestamp as as_of from as_of_df;
create table intermediate.int_monitoring_events as
select client_id, 'E-' || client_id || '-' || strftime(month::date, '%Y%m') as event_id,
       (month::date + interval 4 day + interval 9 hour)::timestamp as started_at
from months_df
union all
select 'C0001', 'E-newest', (select as_of - interval 10 minute from intermediate.int_as_of);
create table marts.fct_tickets as
select client_id, 'T-' || client_id || '-' || strftime(month::date, '%Y%m') as ticket_id,
       (month::date + interval 5 day + interval 10 hour)::timestamp as created_at
from months_df
union all
select 'C0002', 'T-newest', (select as_of from intermediate.int_as_of);
create table intermediate.int_time_entries as
select client_id, 'W-' || client_id || '-' || strftime(month::date, '%Y%m') as time_entry_id,
       (month::date + interval 5 day + interval 11 hour)::timestamp as started_at
from months_df
union all
select 'C0001', 'W-newest', (select as_of - interval 7 minute from intermediate.int_as_of);
create table intermediate.int_agreements as
select * replace (start_date::date as start_date, end_date::date as end_date) from agreements_df;
create table quality.build_runs (
    run_id varchar not null, recorded_at timestamp not null, status varchar not null,
    code_fingerprint varchar not null, as_of_requested varchar not null,
    raw_fingerprints json, plan varchar
);
"""


def _agreements(clients: pd.DataFrame, first_month: dt.date, as_of: dt.datetime) -> pd.DataFrame:
    rows = []
    for c in clients.itertuples():
        start = _month(first_month, int(c.start_index))
        if not pd.isna(c.switch_index):
            switched = _month(first_month, int(c.switch_index))
            rows.append((c.client_id, c.first_model, start, switched - dt.timedelta(days=1)))
            rows.append((c.client_id, c.current_support_model, switched, None))
        elif c.client_id in ENDING_AGREEMENTS:
            days, renewed = ENDING_AGREEMENTS[c.client_id]
            end = as_of.date() + dt.timedelta(days=days)
            rows.append((c.client_id, c.first_model, start, end))
            if renewed:
                rows.append((c.client_id, c.first_model, end + dt.timedelta(days=1), None))
        else:
            rows.append((c.client_id, c.first_model, start, None))
    frame = pd.DataFrame(rows, columns=["client_id", "support_model", "start_date", "end_date"])
    frame.insert(0, "agreement_id", [f"A{i:05d}" for i in range(1, len(frame) + 1)])
    frame["end_date"] = frame["end_date"].astype(object)
    return frame


def write_sample_marts(
    path: str | os.PathLike,
    clients: int = 12,
    months: int = 24,
    first_month: dt.date = dt.date(2024, 1, 1),
    seed: int = 7,
    with_build_tables: bool = False,
) -> Path:
    """Write a fresh sample warehouse at `path` (replacing any file there) and return its path."""
    path = Path(path)
    path.unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    clients_df = _clients(rng, clients, months)
    months_df = _client_months(rng, clients_df, first_month, months)
    last_month = _month(first_month, months - 1)
    as_of = dt.datetime.combine(last_month.replace(day=AS_OF_DAY), dt.time(AS_OF_HOUR))
    with duckdb.connect(str(path)) as con:
        con.register("clients_df", clients_df)
        con.register("months_df", months_df)
        con.register("as_of_df", pd.DataFrame({"as_of": [as_of]}))
        con.register("agreements_df", _agreements(clients_df, first_month, as_of))
        con.execute("create schema marts")
        con.execute(MARTS_SQL)
        if with_build_tables:
            con.execute(OTHER_TABLES_SQL)
            con.execute(
                "insert into quality.build_runs values"
                " ('sample', ?::timestamp - interval 40 second, 'started', 'sample', '', null, null),"
                " ('sample', ?, 'passed', 'sample', '', null, 'full build (sample marts)')",
                [LAST_BUILD, LAST_BUILD],
            )
        con.execute("checkpoint")
    return path
