{#- One row per client and UTC month, from the client's first month to the as-of month. -#}
with first_activity as (
    select * from {{ ref('int_client_first_activity') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

months as (
    select
        first_activity.client_id,
        cast(month_start as date) as month,  -- noqa: RF04
        month_start,
        -- The as-of month ends at the as-of time: open things are measured up to it.
        least(month_start + interval 1 month, as_of.as_of) as month_end
    from first_activity
    cross join as_of
    cross join unnest(generate_series(
        cast(date_trunc('month', first_activity.first_activity_date) as timestamp),
        date_trunc('month', as_of.as_of),
        interval 1 month
    )) as series (month_start)
),

final as (
    select
        client_id,
        month,  -- noqa: RF04
        month_start,
        month_end,
        {{ minutes_between('month_start', 'month_end') }} as minutes_in_month
    from months
)

select * from final
