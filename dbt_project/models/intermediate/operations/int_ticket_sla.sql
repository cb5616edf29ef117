{#-
    Response and resolution of each ticket against the SLA of the agreement in force at its
    creation. No target or merged ticket: no verdict. Not yet answered (or resolved): breached
    once the as-of time is past the target, pending (NULL) until then.
-#}
with tickets as (
    select * from {{ ref('int_tickets') }}
),

ticket_agreements as (
    select * from {{ ref('int_ticket_agreements') }}
),

sla_targets as (
    select * from {{ ref('int_sla_targets') }}
),

as_of as (
    select * from {{ ref('int_as_of') }}
),

measured as (
    select
        tickets.ticket_id,
        tickets.client_id,
        tickets.created_at,
        tickets.first_response_at,
        tickets.resolved_at,
        tickets.merged_into_ticket_id is not null as is_merged,
        ticket_agreements.agreement_id,
        ticket_agreements.support_model,
        {{ minutes_between('tickets.created_at', 'tickets.first_response_at') }} as response_minutes,
        {{ minutes_between('tickets.created_at', 'tickets.resolved_at') }} as resolution_minutes,
        {{ minutes_between('tickets.created_at', 'as_of.as_of') }} as minutes_open_at_as_of,
        sla_targets.response_minutes as response_target_minutes,
        sla_targets.resolution_minutes as resolution_target_minutes
    from tickets
    inner join ticket_agreements
        on tickets.ticket_id = ticket_agreements.ticket_id
    left join sla_targets
        on
            ticket_agreements.agreement_id = sla_targets.agreement_id
            and tickets.priority = sla_targets.priority
    cross join as_of
),

verdicts as (
    select
        *,
        case
            when is_merged or response_target_minutes is null then null
            when response_minutes is not null then response_minutes <= response_target_minutes
            when minutes_open_at_as_of > response_target_minutes then false
        end as response_sla_met,
        case
            when is_merged or resolution_target_minutes is null then null
            when resolution_minutes is not null then resolution_minutes <= resolution_target_minutes
            when minutes_open_at_as_of > resolution_target_minutes then false
        end as resolution_sla_met
    from measured
)

select * from verdicts
