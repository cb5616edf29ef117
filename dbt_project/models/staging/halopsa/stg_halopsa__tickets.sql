{#-
    /Tickets. Ticket type and status: the ticket's tickettype_name / status_name, else the names
    of their ids in /TicketType and /Status; category_1 ->
    category, category_2 -> subcategory; priority_id -> P1..P4 (seed vendor_value_map).
    The device is the first asset's key_field, where the RMM integration keeps the RMM's
    device id. merged_into_id names the ticket it was merged into (0: not merged). HaloPSA has
    no standard source field: the ticket custom field "Source" (a select field: its text is in
    `display`) is this project's convention (docs/vendors.md).
-#}
with tickets as (
    select * from {{ source('halopsa', 'halopsa__tickets') }}
),

ticket_types as (
    select * from {{ source('halopsa', 'halopsa__ticket_types') }}
),

statuses as (
    select * from {{ source('halopsa', 'halopsa__statuses') }}
),

client_map as (
    select * from {{ ref('stg_halopsa__client_map') }}
),

custom_fields as (
    select
        record_id as ticket_id,
        {{ halo_custom_fields('record') }} as by_label
    from tickets
),

extracted as (
    select
        tickets.record_id as ticket_id,
        client_map.client_id,
        nullif(trim(tickets.record ->> '$.assets[0].key_field'), '') as device_id,
        {{ to_utc("tickets.record ->> '$.dateoccurred'", "'UTC'") }} as created_at,
        {{ to_utc("tickets.record ->> '$.responsedate'", "'UTC'") }} as first_response_at,
        {{ to_utc("coalesce(tickets.record ->> '$.dateclosed', tickets.record ->> '$.datecleared')",
            "'UTC'") }} as resolved_at,
        nullif(trim(tickets.record ->> '$.category_1'), '') as category,
        nullif(trim(tickets.record ->> '$.category_2'), '') as subcategory,
        tickets.record ->> '$.summary' as summary,  -- noqa: RF04
        -- merged_into_id 0 means not merged.
        nullif(nullif(trim(tickets.record ->> '$.merged_into_id'), ''), '0') as merged_into_ticket_id,
        tickets._source_file as source_file,
        tickets.record_id as _vendor_record_id,
        tickets.record ->> '$.priority_id' as _vendor_priority,
        coalesce(tickets.record ->> '$.tickettype_name', ticket_types.record ->> '$.name') as _vendor_ticket_type,
        custom_fields.by_label['source'] as _vendor_source,
        coalesce(tickets.record ->> '$.status_name', statuses.record ->> '$.name') as _vendor_status
    from tickets
    inner join client_map
        on tickets.record ->> '$.client_id' = client_map.halo_client_id
    left join ticket_types
        on tickets.record ->> '$.tickettype_id' = ticket_types.record_id
    left join statuses
        on tickets.record ->> '$.status_id' = statuses.record_id
    left join custom_fields
        on tickets.record_id = custom_fields.ticket_id
),

mapped as (
    {{ mapped_psa_tickets('halopsa') }}
)

select * from mapped
