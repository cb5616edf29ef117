{#-
    The part of each clipped outage inside business hours: Monday-Friday 08:00-18:00 wall-clock
    time in the client's timezone. One window per local weekday the outage touches; its bounds
    go through the timezone to UTC, so DST shifts the UTC window and not the local hours.
-#}
with outage_months as (
    select * from {{ ref('int_outage_months') }}
),

clients as (
    select * from {{ ref('int_clients') }}
),

local_spans as (
    select
        outage_months.client_id,
        outage_months.month,  -- noqa: RF04
        outage_months.outage_start,
        outage_months.clipped_start,
        outage_months.clipped_end,
        clients.timezone,
        cast({{ utc_to_local('outage_months.clipped_start', 'clients.timezone') }} as date) as first_local_day,
        cast({{ utc_to_local('outage_months.clipped_end', 'clients.timezone') }} as date) as last_local_day
    from outage_months
    inner join clients
        on outage_months.client_id = clients.client_id
),

local_business_days as (
    select
        local_spans.*,
        local_days.local_day
    from local_spans
    cross join
        unnest(
            generate_series(
                cast(local_spans.first_local_day as timestamp),
                cast(local_spans.last_local_day as timestamp),
                interval 1 day
            )
        ) as local_days (local_day)
    where isodow(local_days.local_day) between 1 and 5
),

business_windows as (
    select
        *,
        {{ local_to_utc('local_day + interval 8 hour', 'timezone') }} as window_start,
        {{ local_to_utc('local_day + interval 18 hour', 'timezone') }} as window_end
    from local_business_days
),

per_piece as (
    select
        client_id,
        month,  -- noqa: RF04
        outage_start,
        sum(
            {{ overlap_minutes('clipped_start', 'clipped_end', 'window_start', 'window_end') }}
        ) as business_hours_minutes
    from business_windows
    group by client_id, month, outage_start
),

-- Every clipped outage keeps a row, 0 when it touched no business day (a weekend).
final as (
    select
        local_spans.client_id,
        local_spans.month,  -- noqa: RF04
        local_spans.outage_start,
        coalesce(per_piece.business_hours_minutes, 0.0) as business_hours_minutes
    from local_spans
    left join per_piece
        on
            local_spans.client_id = per_piece.client_id
            and local_spans.month = per_piece.month
            and local_spans.outage_start = per_piece.outage_start
)

select * from final
