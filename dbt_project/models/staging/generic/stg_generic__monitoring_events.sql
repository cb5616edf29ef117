with monitoring_events as (
    select * from {{ source('raw', 'monitoring_events') }}
),

-- The client's timezone from any source that defines the client (generic or a PSA's client map).
clients as (
    select * from {{ ref('stg_shared__client_timezones') }}
),

renamed as (
    select
        monitoring_events.event_id,
        monitoring_events.client_id,
        monitoring_events.device_id,
        monitoring_events.check_name,
        lower(monitoring_events.severity) as severity,
        {{ to_utc('monitoring_events.started_at', 'clients.timezone') }} as started_at,
        {{ to_utc('monitoring_events.resolved_at', 'clients.timezone') }} as resolved_at,
        coalesce(monitoring_events.in_maintenance, false) as in_maintenance,
        monitoring_events._source_file as source_file,
        -- Bookkeeping of the incremental int_ models (macro incremental_union_sources).
        monitoring_events._loaded_at,
        coalesce(clients.timezone, 'UTC') as _client_timezone
    from monitoring_events
    left join clients
        on monitoring_events.client_id = clients.client_id
)

select * from renamed
