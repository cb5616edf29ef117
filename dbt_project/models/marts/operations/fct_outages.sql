{#- One row per client outage: overlapping or touching outage events merged into one interval. -#}
with outages as (
    select * from {{ ref('int_outages') }}
),

final as (
    select
        client_id,
        outage_start,
        outage_end,
        cast(duration_minutes as double) as duration_minutes,
        cast(devices_affected as bigint) as devices_affected,
        is_open,
        cast(events_merged as bigint) as events_merged
    from outages
)

select * from final
