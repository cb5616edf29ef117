{#-
    Which devices were down in each client outage, for the client report's outage list:
    each merged outage of fct_outages with the outage events that make it up, per device.
-#}
with outages as (
    select * from {{ ref('fct_outages') }}
),

outage_events as (
    select * from {{ ref('int_outage_events') }}
),

devices as (
    select * from {{ ref('dim_devices') }}
),

device_outages as (
    select
        outages.client_id,
        outages.outage_start,
        outage_events.device_id,
        min(outage_events.outage_start) as device_down_from,
        max(outage_events.outage_end) as device_down_to
    from outages
    inner join outage_events
        on
            outages.client_id = outage_events.client_id
            and outages.outage_start <= outage_events.outage_start
            and outages.outage_end >= outage_events.outage_start
    group by outages.client_id, outages.outage_start, outage_events.device_id
),

final as (
    select
        device_outages.client_id,
        device_outages.outage_start,
        device_outages.device_id,
        devices.device_name,
        devices.device_type,
        device_outages.device_down_from,
        device_outages.device_down_to
    from device_outages
    left join devices
        on device_outages.device_id = devices.device_id
)

select * from final
