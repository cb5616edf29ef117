{#-
    Faults: incident tickets that name a device and are not merged into another ticket.
    Signature (device_id, category, subcategory), NULLs equal. A fault recurs when the previous
    fault of its signature, in (created_at, ticket_id) order, was created at most
    recurrence_window_days x 24 h before it.
-#}
with tickets as (
    select * from {{ ref('int_tickets') }}
),

faults as (
    select
        ticket_id,
        client_id,
        device_id,
        category,
        subcategory,
        created_at
    from tickets
    where
        ticket_type = 'incident'
        and device_id is not null
        and merged_into_ticket_id is null
),

with_previous as (
    select
        *,
        -- partition by treats NULL category / subcategory as one value, as the signature needs.
        lag(created_at) over (
            partition by device_id, category, subcategory
            order by created_at, ticket_id
        ) as previous_fault_at
    from faults
),

final as (
    select
        *,
        coalesce(
            epoch(created_at) - epoch(previous_fault_at) <= {{ var('recurrence_window_days') }} * 86400,
            false
        ) as is_recurring_fault
    from with_previous
)

select * from final
