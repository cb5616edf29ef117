{#-
    Clients with monitoring data but no critical device: no event of theirs can be an outage,
    so their availability would read 100 % whatever happened. Usually a device class or tag the
    seeds do not know (docs/vendors.md); the test monitored_clients_have_a_critical_device warns
    with them on every build instead of letting the 100 % pass silently.
-#}
with monitoring_events as (
    select * from {{ ref('int_monitoring_events') }}
),

devices as (
    select * from {{ ref('int_devices') }}
),

monitored as (
    select
        client_id,
        any_value(source_system) as source_system,
        count(*) as monitoring_events
    from monitoring_events
    group by client_id
),

with_critical_device as (
    select distinct client_id
    from devices
    where is_critical
),

device_counts as (
    select
        client_id,
        count(*) as devices
    from devices
    group by client_id
),

flagged as (
    select
        monitored.client_id,
        monitored.source_system,
        monitored.monitoring_events,
        coalesce(device_counts.devices, 0) as devices,
        'client ' || monitored.client_id || ' has ' || monitored.monitoring_events
        || ' monitoring events but none of its ' || coalesce(device_counts.devices, 0)
        || ' devices is critical: no outage can be counted (map its device classes or tag a device critical)'
            as reason
    from monitored
    left join device_counts
        on monitored.client_id = device_counts.client_id
    anti join with_critical_device
        on monitored.client_id = with_critical_device.client_id
)

select * from flagged
