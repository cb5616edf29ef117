{#-
    service/tickets. Board type / subtype / item are ConnectWise's three levels of
    classification: type -> ticket_type, subType -> category, item -> subcategory.
    The device is the ticket's first configuration; its deviceIdentifier is the RMM's id.
-#}
with tickets as (
    select * from {{ source('connectwise', 'connectwise__tickets') }}
),

client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

renamed as (
    select
        tickets.record_id as ticket_id,
        client_map.client_id,
        tickets.record ->> '$.configurations[0].deviceIdentifier' as device_id,
        {{ to_utc("tickets.record ->> '$._info.dateEntered'", 'client_map.timezone') }} as created_at,
        {{ to_utc("tickets.record ->> '$.dateResponded'", 'client_map.timezone') }} as first_response_at,
        {{ to_utc("coalesce(tickets.record ->> '$.dateResolved', tickets.record ->> '$.closedDate')",
            'client_map.timezone') }} as resolved_at,
        {{ vendor_value('connectwise', 'priority', "tickets.record ->> '$.priority.name'") }} as priority,
        {{ vendor_value('connectwise', 'ticket_type', "tickets.record ->> '$.type.name'") }} as ticket_type,
        tickets.record ->> '$.subType.name' as category,
        tickets.record ->> '$.item.name' as subcategory,
        {{ vendor_value('connectwise', 'source', "tickets.record ->> '$.source.name'") }} as source,  -- noqa: RF04
        {{ vendor_value('connectwise', 'status', "tickets.record ->> '$.status.name'") }} as status,  -- noqa: RF04
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
)

select * from renamed
