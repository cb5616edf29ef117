{#- One row per ticket with its support model, SLA verdicts and whether it is a recurring fault. -#}
with tickets as (
    select * from {{ ref('int_tickets') }}
),

ticket_sla as (
    select * from {{ ref('int_ticket_sla') }}
),

faults as (
    select * from {{ ref('int_faults') }}
),

final as (
    select
        tickets.ticket_id,
        tickets.client_id,
        tickets.device_id,
        tickets.created_at,
        tickets.first_response_at,
        tickets.resolved_at,
        tickets.priority,
        tickets.ticket_type,
        tickets.category,
        tickets.subcategory,
        tickets.source,  -- noqa: RF04
        ticket_sla.support_model,
        cast(ticket_sla.response_minutes as double) as response_minutes,
        cast(ticket_sla.resolution_minutes as double) as resolution_minutes,
        cast(ticket_sla.response_target_minutes as integer) as response_target_minutes,
        cast(ticket_sla.resolution_target_minutes as integer) as resolution_target_minutes,
        ticket_sla.response_sla_met,
        ticket_sla.resolution_sla_met,
        coalesce(faults.is_recurring_fault, false) as is_recurring_fault,
        faults.ticket_id is not null as is_fault,
        ticket_sla.agreement_id,
        tickets.status,
        tickets.merged_into_ticket_id,
        tickets.source_system
    from tickets
    inner join ticket_sla
        on tickets.ticket_id = ticket_sla.ticket_id
    left join faults
        on tickets.ticket_id = faults.ticket_id
)

select * from final
