with time_entries as (
    select * from {{ source('raw', 'time_entries') }}
),

-- The client's timezone from any source that defines the client (generic or a PSA's client map).
clients as (
    select * from {{ ref('stg_shared__client_timezones') }}
),

renamed as (
    select
        time_entries.time_entry_id,
        time_entries.client_id,
        time_entries.ticket_id,
        time_entries.technician_id,
        {{ to_utc('time_entries.started_at', 'clients.timezone') }} as started_at,
        cast(time_entries.hours as double) as hours,
        time_entries.billable,
        lower(time_entries.work_type) as work_type,
        time_entries._source_file as source_file,
        -- Bookkeeping of the incremental int_ models (macro incremental_union_sources).
        time_entries._loaded_at,
        coalesce(clients.timezone, 'UTC') as _client_timezone
    from time_entries
    left join clients
        on time_entries.client_id = clients.client_id
)

select * from renamed
