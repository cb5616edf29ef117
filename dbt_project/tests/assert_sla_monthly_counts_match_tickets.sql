-- The monthly SLA counts are the ticket verdicts regrouped: per client, tickets and
-- met / breached totals equal those of the unmerged tickets in fct_tickets (known clients).
-- A Dagster asset check on fct_client_sla_monthly (the test reads several models).
{{ config(meta={'dagster': {'ref': {'name': 'fct_client_sla_monthly'}}}) }}
with as_of as (
    select * from {{ ref('int_as_of') }}
),

clients as (
    select * from {{ ref('dim_clients') }}
),

ticket_totals as (
    select
        fct_tickets.client_id,
        count(*) as tickets,
        count_if(fct_tickets.response_sla_met) as response_met,
        count_if(not fct_tickets.response_sla_met) as response_breached,
        count_if(fct_tickets.resolution_sla_met) as resolution_met,
        count_if(not fct_tickets.resolution_sla_met) as resolution_breached
    from {{ ref('fct_tickets') }} as fct_tickets
    inner join clients
        on fct_tickets.client_id = clients.client_id
    cross join as_of
    where
        fct_tickets.merged_into_ticket_id is null
        and fct_tickets.created_at <= as_of.as_of
    group by fct_tickets.client_id
),

monthly_totals as (
    select
        client_id,
        sum(tickets) as tickets,
        sum(response_met) as response_met,
        sum(response_breached) as response_breached,
        sum(resolution_met) as resolution_met,
        sum(resolution_breached) as resolution_breached
    from {{ ref('fct_client_sla_monthly') }}
    group by client_id
)

select
    ticket_totals.client_id,
    ticket_totals.tickets,
    monthly_totals.tickets as monthly_tickets
from ticket_totals
left join monthly_totals
    on ticket_totals.client_id = monthly_totals.client_id
where
    monthly_totals.client_id is null
    or ticket_totals.tickets <> monthly_totals.tickets
    or ticket_totals.response_met <> monthly_totals.response_met
    or ticket_totals.response_breached <> monthly_totals.response_breached
    or ticket_totals.resolution_met <> monthly_totals.resolution_met
    or ticket_totals.resolution_breached <> monthly_totals.resolution_breached
