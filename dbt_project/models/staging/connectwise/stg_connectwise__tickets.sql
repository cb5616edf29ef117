{#-
    service/tickets. Board type / subtype / item are ConnectWise's three levels of
    classification: type -> ticket_type (through seeds/vendor_value_map.csv, as are priority,
    source and status), subType -> category, item -> subcategory.
    The device is the ticket's first configuration; its deviceIdentifier is the RMM's id.
-#}
with tickets as (
    select * from {{ source('connectwise', 'connectwise__tickets') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

extracted as (
    select
        tickets.record_id as ticket_id,
        client_map.client_id,
        tickets.record ->> '$.configurations[0].deviceIdentifier' as device_id,
        {{ to_utc("tickets.record ->> '$._info.dateEntered'", 'client_map.timezone') }} as created_at,
        {{ to_utc("tickets.record ->> '$.dateResponded'", 'client_map.timezone') }} as first_response_at,
        {{ to_utc("coalesce(tickets.record ->> '$.dateResolved', tickets.record ->> '$.closedDate')",
            'client_map.timezone') }} as resolved_at,
        tickets.record ->> '$.subType.name' as category,
        tickets.record ->> '$.item.name' as subcategory,
        tickets.record ->> '$.summary' as summary,  -- noqa: RF04
        tickets.record ->> '$.mergedParentTicket.id' as merged_into_ticket_id,
        tickets._source_file as source_file,
        tickets.record_id as _vendor_record_id,
        tickets.record ->> '$.priority.name' as _vendor_priority,
        tickets.record ->> '$.type.name' as _vendor_ticket_type,
        tickets.record ->> '$.source.name' as _vendor_source,
        tickets.record ->> '$.status.name' as _vendor_status
    from tickets
    inner join client_map
        on tickets.record ->> '$.company.id' = client_map.company_id
),

mapped as (
    {{ mapped_psa_tickets('connectwise') }}
)

select * from mapped
