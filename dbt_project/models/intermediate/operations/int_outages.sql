{#-
    A client's outages: the union of its outage event intervals across devices (gaps and
    islands). An event opens a new outage only when it starts after every earlier event has
    ended, so overlapping and touching intervals merge.
-#}
with outage_events as (
    select * from {{ ref('int_outage_events') }}
),

with_prior_end as (
    select
        *,
        max(outage_end) over (
            partition by client_id
            order by outage_start, outage_end, event_id
            rows between unbounded preceding and 1 preceding
        ) as prior_max_end
    from outage_events
),

flagged as (
    select
        *,
        case when prior_max_end is null or outage_start > prior_max_end then 1 else 0 end as starts_outage
    from with_prior_end
),

numbered as (
    select
        *,
        sum(starts_outage) over (
            partition by client_id
            order by outage_start, outage_end, event_id
            rows unbounded preceding
        ) as outage_number
    from flagged
),

merged as (
    select
        client_id,
        outage_number,
        min(outage_start) as outage_start,
        max(outage_end) as outage_end,
        count(distinct device_id) as devices_affected,
        count(*) as events_merged,
        bool_or(is_open) as is_open
    from numbered
    group by client_id, outage_number
),

final as (
    select
        client_id,
        outage_start,
        outage_end,
        {{ minutes_between('outage_start', 'outage_end') }} as duration_minutes,
        devices_affected,
        events_merged,
        is_open
    from merged
)

select * from final
