{#- One row per client outage: overlapping or touching outage events merged into one interval. -#}
with outages as (
    select * from {{ ref('int_outages') }}
),

final as (
    select
        client_id,
        outage_start,
        outage_end,
        duration_minutes,
        devices_affected,
        is_open,
        events_merged
    from outages
)

select * from final
