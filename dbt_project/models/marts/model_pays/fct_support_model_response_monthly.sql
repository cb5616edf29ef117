-- Response and resolution times per support model and month: each ticket counts under the
-- model in force when it was created, so a client that switched appears under both.
with

tickets as (
    select * from {{ ref('fct_tickets') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

ticket_times as (
    select
        tickets.support_model,
        tickets.client_id,
        cast(date_trunc('month', tickets.created_at) as date) as month,  -- noqa: RF04
        tickets.response_minutes,
        tickets.resolution_minutes
    from tickets
    cross join as_of
    where
        tickets.merged_into_ticket_id is null
        and tickets.created_at <= as_of.as_of
)

select
    cast(support_model as varchar) as support_model,
    cast(month as date) as month,  -- noqa: RF04
    cast(count(distinct client_id) as integer) as clients,
    cast(count(*) as integer) as tickets,
    cast(count(response_minutes) as integer) as responded_tickets,
    cast(median(response_minutes) as double) as median_response_minutes,
    cast(quantile_cont(response_minutes, 0.9) as double) as p90_response_minutes,
    cast(count(resolution_minutes) as integer) as resolved_tickets,
    cast(median(resolution_minutes) as double) as median_resolution_minutes,
    cast(quantile_cont(resolution_minutes, 0.9) as double) as p90_resolution_minutes
from ticket_times
group by support_model, month
