{#- One row per client and ISO week (Monday, UTC), from the client's first week to the as-of week. -#}
with first_activity as (
    select * from {{ ref('int_client_first_activity') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

weeks as (
    select
        first_activity.client_id,
        cast(week_start_at as date) as week_start,
        week_start_at,
        -- The as-of week ends at the as-of time.
        least(week_start_at + interval 7 day, as_of.as_of) as week_end
    from first_activity
    cross join as_of
    cross join unnest(generate_series(
        cast(date_trunc('week', first_activity.first_activity_date) as timestamp),
        date_trunc('week', as_of.as_of),
        interval 7 day
    )) as series (week_start_at)
),

final as (
    select
        client_id,
        week_start,
        week_start_at,
        week_end,
        {{ minutes_between('week_start_at', 'week_end') }} as minutes_in_week
    from weeks
)

select * from final
