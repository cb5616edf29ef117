{#-
    Monitoring events that are outages: critical severity, on a critical device, outside
    maintenance. Interval [started_at, resolved_at), cut at the as-of time: an event still
    open (or resolved after the as-of time) is measured up to it; events starting later are ignored.
-#}
with monitoring_events as (
    select * from {{ ref('int_monitoring_events') }}
),

devices as (
    select * from {{ ref('int_devices') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

outage_events as (
    select
        monitoring_events.event_id,
        monitoring_events.client_id,
        monitoring_events.device_id,
        monitoring_events.started_at as outage_start,
        least(coalesce(monitoring_events.resolved_at, as_of.as_of), as_of.as_of) as outage_end,
        coalesce(monitoring_events.resolved_at > as_of.as_of, true) as is_open
    from monitoring_events
    inner join devices
        on monitoring_events.device_id = devices.device_id
    cross join as_of
    where
        monitoring_events.severity = 'critical'
        and devices.is_critical
        and not monitoring_events.in_maintenance
        and monitoring_events.started_at <= as_of.as_of
)

select * from outage_events
