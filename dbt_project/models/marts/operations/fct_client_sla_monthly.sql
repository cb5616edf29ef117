{#-
    SLA per client and month of creation, merged tickets left out. Percentages are
    met / (met + breached); pending tickets count in neither.
-#}
with client_months as (
    select * from {{ ref('int_client_months') }}
),

ticket_sla as (
    select * from {{ ref('int_ticket_sla') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

monthly_sla as (
    select
        ticket_sla.client_id,
        cast(date_trunc('month', ticket_sla.created_at) as date) as month,  -- noqa: RF04
        count(*) as tickets,
        count_if(ticket_sla.response_sla_met) as response_met,
        count_if(not ticket_sla.response_sla_met) as response_breached,
        count_if(ticket_sla.resolution_sla_met) as resolution_met,
        count_if(not ticket_sla.resolution_sla_met) as resolution_breached,
        median(ticket_sla.response_minutes) as median_response_minutes
    from ticket_sla
    cross join as_of
    where
        not ticket_sla.is_merged
        and ticket_sla.created_at <= as_of.as_of
    group by all
),

filled as (
    select
        client_months.client_id,
        client_months.month,  -- noqa: RF04
        cast(coalesce(monthly_sla.tickets, 0) as bigint) as tickets,
        cast(coalesce(monthly_sla.response_met, 0) as bigint) as response_met,
        cast(coalesce(monthly_sla.response_breached, 0) as bigint) as response_breached,
        cast(coalesce(monthly_sla.resolution_met, 0) as bigint) as resolution_met,
        cast(coalesce(monthly_sla.resolution_breached, 0) as bigint) as resolution_breached,
        monthly_sla.median_response_minutes
    from client_months
    left join monthly_sla
        on
            client_months.client_id = monthly_sla.client_id
            and client_months.month = monthly_sla.month
),

final as (
    select
        client_id,
        month,  -- noqa: RF04
        tickets,
        response_met,
        response_breached,
        cast(100.0 * response_met / nullif(response_met + response_breached, 0) as double) as response_met_pct,
        resolution_met,
        resolution_breached,
        cast(100.0 * resolution_met / nullif(resolution_met + resolution_breached, 0) as double)
            as resolution_met_pct,
        cast(median_response_minutes as double) as median_response_minutes
    from filled
)

select * from final
