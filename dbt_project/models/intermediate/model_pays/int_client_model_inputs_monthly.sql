-- What the counterfactual needs per client-month beyond the marts: the devices in service
-- (all, critical, and of the types a hybrid fee would cover under the price book) and how much
-- of the reactive work was on those covered devices (a hybrid client pays for the rest by the hour).
with

client_months as (
    select * from {{ ref('int_client_months') }}
),

devices as (
    select * from {{ ref('int_devices') }}
),

costed_time_entries as (
    select * from {{ ref('int_time_entries_costed') }}
),

tickets as (
    select * from {{ ref('int_tickets') }}
),

price_book as (
    select * from {{ ref('int_price_book') }}
),

hybrid_coverage as (
    select string_split(covered_device_types, '|') as covered_device_types
    from price_book
    where support_model = 'hybrid'
),

device_months as (
    -- Active in a month unless it started after the month or retired before it.
    select
        client_months.client_id,
        client_months.month,
        count(devices.device_id) as active_devices,
        count(devices.device_id) filter (where devices.is_critical) as critical_devices,
        count(devices.device_id) filter (
            where list_contains(hybrid_coverage.covered_device_types, devices.device_type)
        ) as hybrid_covered_devices
    from client_months
    cross join hybrid_coverage
    left join devices
        on
            client_months.client_id = devices.client_id
            and (last_day(client_months.month) >= devices.active_from or devices.active_from is null)
            and (client_months.month <= devices.retired_at or devices.retired_at is null)
    group by client_months.client_id, client_months.month
),

reactive_entries as (
    -- Reactive work as in fct_client_billing_monthly: not proactive, project or admin.
    select
        costed_time_entries.client_id,
        costed_time_entries.month,
        costed_time_entries.hours,
        costed_time_entries.work_type = 'emergency' as is_emergency,
        coalesce(list_contains(hybrid_coverage.covered_device_types, devices.device_type), false)
            as is_on_hybrid_covered_device
    from costed_time_entries
    cross join hybrid_coverage
    left join tickets
        on
            costed_time_entries.ticket_id = tickets.ticket_id
            and costed_time_entries.client_id = tickets.client_id
    left join devices
        on tickets.device_id = devices.device_id
    where coalesce(costed_time_entries.work_type, '') not in ('proactive', 'project', 'admin')
),

reactive_coverage as (
    select
        client_id,
        month,
        sum(case when is_on_hybrid_covered_device then hours else 0 end) as hybrid_covered_reactive_hours,
        sum(case when is_on_hybrid_covered_device and is_emergency then hours else 0 end)
            as hybrid_covered_emergency_hours
    from reactive_entries
    group by client_id, month
)

select
    device_months.client_id,
    device_months.month,
    cast(device_months.active_devices as integer) as active_devices,
    cast(device_months.critical_devices as integer) as critical_devices,
    cast(device_months.hybrid_covered_devices as integer) as hybrid_covered_devices,
    cast(coalesce(reactive_coverage.hybrid_covered_reactive_hours, 0) as double) as hybrid_covered_reactive_hours,
    cast(coalesce(reactive_coverage.hybrid_covered_emergency_hours, 0) as double) as hybrid_covered_emergency_hours
from device_months
left join reactive_coverage
    on
        device_months.client_id = reactive_coverage.client_id
        and device_months.month = reactive_coverage.month
