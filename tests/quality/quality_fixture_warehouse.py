"""A tiny warehouse, written by hand, that passes every suite in expectations/.

Two clients, January to March 2024, as-of Sunday 2024-03-31 18:00 UTC. The margin mart agrees
with the raw rows it comes from, worked out by hand:

- C1 (Europe/London, managed): fee 1000.00 a month (Jan, Feb, Mar), a credit of 50.00 on
  2024-02-10 (exported positive, counts negative): revenue Jan 1000.00, Feb 950.00, Mar 1000.00.
  Time: 2.5 h at 2024-01-10T09:00Z, 1.0 h at naive 2024-02-29 23:30 London (= UTC, February).
- C2 (America/New_York, break-fix): labour line 300.00 on 2024-01-15; a quarterly line of
  920.00 for 2024-03-01..2024-05-31 (92 days): March gets 920 * 31 / 92 = 310.00, the rest
  falls after the as-of month. Time: 1.5 h at naive 2024-02-29 22:00 New York
  (= 2024-03-01 03:00 UTC, March); 4.0 h at naive 2024-03-31 22:00 New York
  (= 2024-04-01 02:00 UTC, after the as-of month, in no mart row).

The file registry holds a file rejected by an earlier ingest (7 days before the latest): history,
not a loss of this build.
"""

from __future__ import annotations

import duckdb

AS_OF = "2024-03-31 18:00:00"

_SQL = """
create schema if not exists raw;
create schema if not exists intermediate;
create schema if not exists marts;

create table intermediate.int_as_of as select timestamp '2024-03-31 18:00:00' as as_of;

create table intermediate.int_client_months as
select client_id, cast(m as date) as month
from (values ('C1'), ('C2')) as c (client_id),
     unnest(generate_series(timestamp '2024-01-01', timestamp '2024-03-01', interval 1 month)) as s (m);

create table intermediate.int_client_weeks as
select client_id, cast(w as date) as week_start
from (values ('C1'), ('C2')) as c (client_id),
     unnest(generate_series(timestamp '2024-01-01', timestamp '2024-03-25', interval 7 day)) as s (w);

create table raw.clients (client_id varchar, client_name varchar, timezone varchar);
insert into raw.clients values ('C1', 'Acme Dental', 'Europe/London'),
                               ('C2', 'Bolt Logistics', 'America/New_York');

create table raw.invoice_lines (
    invoice_id varchar, line_number integer, client_id varchar, invoice_date date,
    period_start date, period_end date, line_type varchar, amount decimal(18, 2)
);
insert into raw.invoice_lines values
    ('I1', 1, 'C1', '2024-01-01', '2024-01-01', '2024-01-31', 'recurring_fee', 1000.00),
    ('I2', 1, 'C1', '2024-02-01', '2024-02-01', '2024-02-29', 'recurring_fee', 1000.00),
    ('I2', 2, 'C1', '2024-02-10', null, null, 'credit', 50.00),
    ('I3', 1, 'C1', '2024-03-01', '2024-03-01', '2024-03-31', 'recurring_fee', 1000.00),
    ('I4', 1, 'C2', '2024-01-15', null, null, 'labor', 300.00),
    ('I5', 1, 'C2', '2024-03-01', '2024-03-01', '2024-05-31', 'project', 920.00);

create table raw.time_entries (
    time_entry_id varchar, client_id varchar, technician_id varchar, started_at varchar,
    hours double, billable boolean
);
insert into raw.time_entries values
    ('T1', 'C1', 'X1', '2024-01-10T09:00:00Z', 2.5, true),
    ('T2', 'C1', 'X1', '2024-02-29 23:30:00', 1.0, false),
    ('T3', 'C2', 'X1', '2024-02-29 22:00:00', 1.5, true),
    ('T4', 'C2', 'X1', '2024-03-31 22:00:00', 4.0, true);

create table raw.ingested_files (
    file_path varchar, source_system varchar, entity varchar, sha256 varchar, rows_read bigint,
    rows_loaded bigint, rows_quarantined bigint, status varchar, message varchar,
    loaded_at timestamp
);
insert into raw.ingested_files values
    ('generic/clients.csv', 'generic', 'clients', 'a1', 2, 2, 0, 'loaded', null, now()),
    ('generic/tickets.csv', 'generic', 'tickets', 'b2', 10, 8, 2, 'loaded', null, now()),
    ('generic/broken.csv', 'generic', 'tickets', 'c3', 0, 0, 0, 'rejected', 'no header',
     now() - interval 7 day);

-- The entities every report needs, united over source systems (one row is enough here).
-- Stand-ins for dbt's generic staging views, as staging reads the rows above: the credit
-- exported as +50.00 is negative, naive times are read in the client's timezone (C1 London:
-- GMT in February; C2 New York: EST in February, EDT at the end of March), all in UTC.
create schema if not exists staging;
create view staging.stg_generic__invoice_lines as
select * replace (
    cast(case when line_type = 'credit' then -abs(amount) else amount end as decimal(18, 2)) as amount
)
from raw.invoice_lines;
create view staging.stg_generic__time_entries as
select client_id, hours, started_at
from (values
    ('C1', 2.5, timestamp '2024-01-10 09:00:00'),
    ('C1', 1.0, timestamp '2024-02-29 23:30:00'),
    ('C2', 1.5, timestamp '2024-03-01 03:00:00'),
    ('C2', 4.0, timestamp '2024-04-01 02:00:00')
) as t (client_id, hours, started_at);

create table intermediate.int_clients as select * from raw.clients;
create table intermediate.int_agreements as select 'A1' as agreement_id, 'C1' as client_id;
create table intermediate.int_invoice_lines as select * from raw.invoice_lines;
create table intermediate.int_time_entries as select * from raw.time_entries;
create table intermediate.int_tickets as select 'K1' as ticket_id, 'C1' as client_id;
create table intermediate.int_technicians as select 'X1' as technician_id;
create table intermediate.int_devices as select 'D1' as device_id, 'C1' as client_id;
create table intermediate.int_monitoring_events as
select 'E1' as event_id, 'C1' as client_id, timestamp '2024-02-05 10:00' as started_at;

create table marts.dim_clients as
select * from (values
    ('C1', 'Acme Dental', 'dental', 25, 'Europe/London', 'managed', 12, 250.00::decimal(18, 2)),
    ('C2', 'Bolt Logistics', 'logistics', 40, 'America/New_York', 'break_fix', 30, null)
) as t (client_id, client_name, industry, seats, timezone, current_support_model,
        active_endpoints, downtime_cost_per_hour);

create table marts.dim_devices as
select * from (values
    ('D1', 'C1', 'dc01', 'server', true),
    ('D2', 'C2', 'laptop-7', 'laptop', false)
) as t (device_id, client_id, device_name, device_type, is_critical);

create table marts.fct_tickets as
select * from (values
    ('K1', 'C1', 'D1', timestamp '2024-03-12 09:00', 'P2', 'incident', 'email', 'managed',
     15.0, 120.0, 60, 480),
    ('K2', 'C2', null, timestamp '2024-03-19 10:00', 'P3', 'request', 'phone', 'break_fix',
     30.0, null, null, null)
) as t (ticket_id, client_id, device_id, created_at, priority, ticket_type, source,
        support_model, response_minutes, resolution_minutes, response_target_minutes,
        resolution_target_minutes);

create table marts.fct_outages as
select * from (values
    ('C1', timestamp '2024-02-05 10:00', timestamp '2024-02-05 11:30', 90.0, 1)
) as t (client_id, outage_start, outage_end, duration_minutes, devices_affected);

create table marts.fct_client_downtime_monthly as
select client_id, month,
       case when client_id = 'C1' and month = date '2024-02-01' then 90.0 else 0.0 end
           as downtime_minutes,
       case when client_id = 'C1' and month = date '2024-02-01' then 1 else 0 end as outage_count,
       case when client_id = 'C1' and month = date '2024-02-01' then 99.78 else 100.0 end
           ::double as availability_pct,
       case when client_id = 'C1' and month = date '2024-02-01' then 90.0 else 0.0 end
           as business_hours_downtime_minutes,
       case when client_id = 'C1' and month = date '2024-02-01' then 375.00 else 0.00 end
           ::decimal(18, 2) as estimated_downtime_cost,
       case when client_id = 'C1' and month = date '2024-02-01' then 90.0 else 0.0 end
           as longest_outage_minutes
from intermediate.int_client_months;

create table marts.fct_client_faults_monthly as
select client_id, month, 2 as fault_count, 1 as recurring_fault_count,
       50.0::double as recurring_fault_rate
from intermediate.int_client_months;

create table marts.fct_client_sla_monthly as
select client_id, month, 4 as tickets, 3 as response_met, 1 as response_breached,
       75.0::double as response_met_pct, 4 as resolution_met, 0 as resolution_breached,
       100.0::double as resolution_met_pct, 22.5 as median_response_minutes
from intermediate.int_client_months;

create table marts.fct_client_margin_monthly as
select m.client_id, m.month,
       case when m.client_id = 'C1' then 'managed' else 'break_fix' end as support_model,
       r.revenue::decimal(18, 2) as revenue,
       h.labor_hours, h.billable_hours,
       (h.labor_hours * 40)::decimal(18, 2) as labor_cost,
       0.00::decimal(18, 2) as parts_cost,
       6.00::decimal(18, 2) as tooling_cost,
       (h.labor_hours * 40 + 6)::decimal(18, 2) as total_cost,
       (r.revenue - h.labor_hours * 40 - 6)::decimal(18, 2) as gross_margin,
       case when r.revenue = 0 then null
            else 100 * (r.revenue - h.labor_hours * 40 - 6) / r.revenue end as gross_margin_pct
from intermediate.int_client_months as m
join (values ('C1', date '2024-01-01', 1000.00), ('C1', date '2024-02-01', 950.00),
             ('C1', date '2024-03-01', 1000.00), ('C2', date '2024-01-01', 300.00),
             ('C2', date '2024-02-01', 0.00), ('C2', date '2024-03-01', 310.00))
    as r (client_id, month, revenue) using (client_id, month)
join (values ('C1', date '2024-01-01', 2.5, 2.5), ('C1', date '2024-02-01', 1.0, 0.0),
             ('C1', date '2024-03-01', 0.0, 0.0), ('C2', date '2024-01-01', 0.0, 0.0),
             ('C2', date '2024-02-01', 0.0, 0.0), ('C2', date '2024-03-01', 1.5, 1.5))
    as h (client_id, month, labor_hours, billable_hours) using (client_id, month);

create table marts.fct_support_model_monthly as
select support_model, month, count(*) as clients, sum(revenue) as revenue,
       sum(total_cost) as total_cost, sum(gross_margin) as gross_margin,
       100 * sum(gross_margin) / nullif(sum(revenue), 0) as gross_margin_pct,
       sum(labor_hours) as labor_hours, 0.0 as downtime_minutes_per_client,
       50.0::double as recurring_fault_rate
from marts.fct_client_margin_monthly
group by all;

create table marts.fct_support_model_transitions as
select * from (values
    ('C2', date '2024-03-01', 'break_fix', 'managed', 1, 30.0::double, 0.0::double,
     50.0::double, 0.0::double, 20.0::double, 35.5::double)
) as t (client_id, changed_on, from_model, to_model, months_compared,
        downtime_minutes_per_month_before, downtime_minutes_per_month_after,
        recurring_fault_rate_before, recurring_fault_rate_after,
        gross_margin_pct_before, gross_margin_pct_after);

create table marts.fct_client_health_weekly as
select client_id, week_start,
       case when client_id = 'C1' then 'managed' else 'break_fix' end as support_model,
       case when client_id = 'C1' then 82.0 else 55.0 end::double as health_score,
       100.0::double as availability_pct, 50.0::double as recurring_fault_rate,
       75.0::double as response_met_pct, 40.0::double as gross_margin_pct,
       0.1::double as tickets_per_seat
from intermediate.int_client_weeks;
"""


def build_good_warehouse(path: str) -> None:
    with duckdb.connect(path) as con:
        con.execute(_SQL)


def run_sql(path, sql: str) -> None:
    """Break the warehouse on purpose: one statement, one short connection."""
    with duckdb.connect(str(path)) as con:
        con.execute(sql)
