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

priorities as (
    select * from {{ ref('vendor_priorities') }}
    where vendor = 'connectwise'
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
        coalesce(
            priorities.priority,
            upper(regexp_extract(tickets.record ->> '$.priority.name', '^\s*(P[1-4])\b', 1)),
            'P' || regexp_extract(tickets.record ->> '$.priority.name', '^\s*Priority\s*([1-4])', 1)
        ) as priority,
        case lower(trim(tickets.record ->> '$.type.name'))
            when 'service request' then 'request'
            when '' then 'incident'
            else coalesce(lower(trim(tickets.record ->> '$.type.name')), 'incident')
        end as ticket_type,
        tickets.record ->> '$.subType.name' as category,
        tickets.record ->> '$.item.name' as subcategory,
        lower(tickets.record ->> '$.source.name') as source,  -- noqa: RF04
        tickets.record ->> '$.status.name' as status,  -- noqa: RF04
        tickets.record ->> '$.summary' as summary,  -- noqa: RF04
        tickets.record ->> '$.mergedParentTicket.id' as merged_into_ticket_id,
        tickets._source_file as source_file
    from tickets
    inner join client_map
        on tickets.record ->> '$.company.id' = client_map.company_id
    left join priorities
        on lower(trim(tickets.record ->> '$.priority.name')) = lower(trim(priorities.vendor_priority))
)

select * from renamed
