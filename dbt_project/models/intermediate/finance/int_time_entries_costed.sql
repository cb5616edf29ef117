-- Each time entry costed at its technician's fully burdened hourly cost, in the UTC
-- month it started. Kept unrounded (exact decimals) so the monthly sum rounds once.
with

time_entries as (
    select * from {{ ref('int_time_entries') }}
),

technicians as (
    select * from {{ ref('int_technicians') }}
)

select
    time_entries.time_entry_id,
    time_entries.client_id,
    time_entries.ticket_id,
    time_entries.technician_id,
    time_entries.started_at,
    cast(date_trunc('month', time_entries.started_at) as date) as month,  -- noqa: RF04
    time_entries.hours,
    time_entries.billable,
    time_entries.work_type,
    technicians.hourly_cost,
    cast(time_entries.hours as decimal(18, 6)) * technicians.hourly_cost as labor_cost
from time_entries
left join technicians
    on time_entries.technician_id = technicians.technician_id
