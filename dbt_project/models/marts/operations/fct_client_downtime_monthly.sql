{#-
    Downtime per client and month. Clients with no monitoring event at all get NULL metrics
    (unknown), monitored clients with nothing down get zeros.
-#}
with client_months as (
    select * from {{ ref('int_client_months') }}
),

clients as (
    select * from {{ ref('int_clients') }}
),

monitoring_events as (
    select * from {{ ref('int_monitoring_events') }}
),

outage_months as (
    select * from {{ ref('int_outage_months') }}
),

outage_business_hours as (
    select * from {{ ref('int_outage_business_hours') }}
),

monitored_clients as (
    select distinct client_id
    from monitoring_events
),

downtime as (
    select
        client_id,
        month,  -- noqa: RF04
        sum(clipped_minutes) as downtime_minutes,
        count(*) as outage_count,
        max(clipped_minutes) as longest_outage_minutes
    from outage_months
    group by client_id, month
),

business_hours_downtime as (
    select
        client_id,
        month,  -- noqa: RF04
        sum(business_hours_minutes) as business_hours_downtime_minutes
    from outage_business_hours
    group by client_id, month
),

joined as (
    select
        client_months.client_id,
        client_months.month,  -- noqa: RF04
        client_months.minutes_in_month,
        monitored_clients.client_id is not null as is_monitored,
        coalesce(downtime.downtime_minutes, 0) as downtime_minutes,
        coalesce(downtime.outage_count, 0) as outage_count,
        coalesce(downtime.longest_outage_minutes, 0) as longest_outage_minutes,
        coalesce(business_hours_downtime.business_hours_downtime_minutes, 0) as business_hours_downtime_minutes,
        coalesce(
            clients.downtime_cost_per_hour,
            clients.seats * {{ var('downtime_cost_per_seat_hour') }}
        ) as downtime_cost_per_hour
    from client_months
    inner join clients
        on client_months.client_id = clients.client_id
    left join monitored_clients
        on client_months.client_id = monitored_clients.client_id
    left join downtime
        on
            client_months.client_id = downtime.client_id
            and client_months.month = downtime.month
    left join business_hours_downtime
        on
            client_months.client_id = business_hours_downtime.client_id
            and client_months.month = business_hours_downtime.month
),

final as (
    select
        client_id,
        month,  -- noqa: RF04
        cast(case when is_monitored then downtime_minutes end as double) as downtime_minutes,
        cast(case when is_monitored then outage_count end as bigint) as outage_count,
        cast(
            case
                when is_monitored and minutes_in_month > 0
                    then 100 * (1 - downtime_minutes / minutes_in_month)
            end as double
        ) as availability_pct,
        cast(case when is_monitored then business_hours_downtime_minutes end as double)
            as business_hours_downtime_minutes,
        -- Whole seconds x cost per hour, rounded half up to cents once, at the end.
        case
            when is_monitored
                then cast(
                    round(
                        cast(round(business_hours_downtime_minutes * 60) as bigint)
                        * downtime_cost_per_hour * 100 / 3600
                    ) / 100
                    as decimal(18, 2)
                )
        end as estimated_downtime_cost,
        cast(case when is_monitored then longest_outage_minutes end as double) as longest_outage_minutes,
        minutes_in_month
    from joined
)

select * from final
