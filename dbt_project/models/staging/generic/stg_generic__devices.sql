with devices as (
    select * from {{ source('raw', 'devices') }}
),

renamed as (
    select
        device_id,
        client_id,
        device_name,
        coalesce(lower(device_type), 'other') as device_type,
        -- Infrastructure is critical unless the export says otherwise.
        coalesce(
            is_critical,
            lower(device_type) in ('server', 'network', 'firewall', 'storage')
        ) as is_critical,
        active_from,
        retired_at,
        _source_file as source_file
    from devices
)

select * from renamed
