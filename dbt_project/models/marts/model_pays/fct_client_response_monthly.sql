-- How fast each client was answered and fixed, month by month: median and 90th percentile of
-- the response and resolution minutes of the non-merged tickets created in the month.
with

client_months as (
    select * from {{ ref('int_client_months') }}
),

support_models as (
    select * from {{ ref('int_client_support_model_monthly') }}
),

tickets as (
    select * from {{ ref('fct_tickets') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

ticket_times as (
    -- A ticket created after the as-of time (an --as-of earlier than the data) is left out.
    select
        tickets.client_id,
        cast(date_trunc('month', tickets.created_at) as date) as month,  -- noqa: RF04
        tickets.response_minutes,
        tickets.resolution_minutes
    from tickets
    cross join as_of
    where
        tickets.merged_into_ticket_id is null
        and tickets.created_at <= as_of.as_of
),

monthly_times as (
    select
        client_id,
        month,
        count(*) as tickets,
        count(response_minutes) as responded_tickets,
        median(response_minutes) as median_response_minutes,
        quantile_cont(response_minutes, 0.9) as p90_response_minutes,
        count(resolution_minutes) as resolved_tickets,
        median(resolution_minutes) as median_resolution_minutes,
        quantile_cont(resolution_minutes, 0.9) as p90_resolution_minutes
    from ticket_times
    group by client_id, month
)

select
    cast(client_months.client_id as varchar) as client_id,
    cast(client_months.month as date) as month,  -- noqa: RF04
    cast(coalesce(support_models.support_model, 'unassigned') as varchar) as support_model,
    cast(coalesce(monthly_times.tickets, 0) as integer) as tickets,
    cast(coalesce(monthly_times.responded_tickets, 0) as integer) as responded_tickets,
    cast(monthly_times.median_response_minutes as double) as median_response_minutes,
    cast(monthly_times.p90_response_minutes as double) as p90_response_minutes,
    cast(coalesce(monthly_times.resolved_tickets, 0) as integer) as resolved_tickets,
    cast(monthly_times.median_resolution_minutes as double) as median_resolution_minutes,
    cast(monthly_times.p90_resolution_minutes as double) as p90_resolution_minutes
from client_months
left join support_models
    on
        client_months.client_id = support_models.client_id
        and client_months.month = support_models.month
left join monthly_times
    on
        client_months.client_id = monthly_times.client_id
        and client_months.month = monthly_times.month
