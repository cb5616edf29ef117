{#-
    /Tickets. Ticket type and status ids become names (/TicketType, /Status); category_1 ->
    category, category_2 -> subcategory; priority_id -> P1..P4 (seed vendor_value_map).
    The device is the first asset's key_field, where the RMM integration keeps the RMM's
    device id. Source and merge target are ticket custom fields "Source" and
    "Merged Into Ticket" (docs/vendors.md).
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
        map_from_entries(
            list_transform(
                json_extract(record, '$.customfields[*]'),
                lambda f: { 'k': lower(trim(f ->> 'label')), 'v': nullif(trim(f ->> 'value'), '') }
            )
        ) as by_label
    from tickets
),

renamed as (
    select
        tickets.record_id as ticket_id,
        client_map.client_id,
        nullif(trim(tickets.record ->> '$.assets[0].key_field'), '') as device_id,
        {{ to_utc("tickets.record ->> '$.dateoccurred'", 'client_map.timezone') }} as created_at,
        {{ to_utc("tickets.record ->> '$.responsedate'", 'client_map.timezone') }} as first_response_at,
        {{ to_utc("coalesce(tickets.record ->> '$.dateclosed', tickets.record ->> '$.datecleared')",
            'client_map.timezone') }} as resolved_at,
        {{ vendor_value('halopsa', 'priority', "tickets.record ->> '$.priority_id'") }} as priority,
        {{ vendor_value('halopsa', 'ticket_type', "ticket_types.record ->> '$.name'") }} as ticket_type,
        nullif(trim(tickets.record ->> '$.category_1'), '') as category,
        nullif(trim(tickets.record ->> '$.category_2'), '') as subcategory,
        {{ vendor_value('halopsa', 'source', "custom_fields.by_label['source']") }} as source,  -- noqa: RF04
        {{ vendor_value('halopsa', 'status', "statuses.record ->> '$.name'") }} as status,  -- noqa: RF04
        tickets.record ->> '$.summary' as summary,  -- noqa: RF04
        custom_fields.by_label['merged into ticket'] as merged_into_ticket_id,
        tickets._source_file as source_file,
        tickets.record_id as _vendor_record_id,
        tickets.record ->> '$.priority_id' as _vendor_priority,
        ticket_types.record ->> '$.name' as _vendor_ticket_type,
        custom_fields.by_label['source'] as _vendor_source,
        statuses.record ->> '$.name' as _vendor_status
    from tickets
    inner join client_map
        on tickets.record ->> '$.client_id' = client_map.halo_client_id
    left join ticket_types
        on tickets.record ->> '$.tickettype_id' = ticket_types.record_id
    left join statuses
        on tickets.record ->> '$.status_id' = statuses.record_id
    left join custom_fields
        on tickets.record_id = custom_fields.ticket_id
)

select * from renamed
