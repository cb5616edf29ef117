with tickets as (
    select * from {{ source('raw', 'tickets') }}
),

-- The client's timezone from any source that defines the client (generic or a PSA's client map).
clients as (
    select * from {{ ref('stg_shared__client_timezones') }}
),

renamed as (
    select
        tickets.ticket_id,
        tickets.client_id,
        tickets.device_id,
        {{ to_utc('tickets.created_at', 'clients.timezone') }} as created_at,
        {{ to_utc('tickets.first_response_at', 'clients.timezone') }} as first_response_at,
        {{ to_utc('tickets.resolved_at', 'clients.timezone') }} as resolved_at,
        upper(tickets.priority) as priority,
        coalesce(lower(tickets.ticket_type), 'incident') as ticket_type,
        tickets.category,
        tickets.subcategory,
        lower(tickets.source) as source,  -- noqa: RF04
        tickets.status,
        tickets.summary,
        tickets.merged_into_ticket_id,
        tickets._source_file as source_file,
        -- Bookkeeping of the incremental int_ models (macro incremental_union_sources).
        tickets._loaded_at,
        coalesce(clients.timezone, 'UTC') as _client_timezone
    from tickets
    left join clients
        on tickets.client_id = clients.client_id
)

select * from renamed
