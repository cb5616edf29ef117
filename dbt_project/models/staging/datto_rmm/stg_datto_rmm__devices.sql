{#-
    /v2/account/devices. deviceType.category gives the device type (seed vendor_device_types);
    the user-defined fields udf1 (criticality: critical / standard) and udf2 (retired on,
    YYYY-MM-DD) carry what Datto RMM has no field for; creationDate is Unix milliseconds.
-#}
with devices as (
    select * from {{ source('datto_rmm', 'datto_rmm__devices') }}
),

client_map as (
    select * from {{ ref('stg_datto_rmm__client_map') }}
),

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'datto_rmm'
),

typed as (
    select
        devices.record_id as device_id,
        client_map.client_id,
        devices.record ->> '$.hostname' as device_name,
        coalesce(device_types.device_type, 'other') as device_type,
        case lower(devices.record ->> '$.udf.udf1')
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        cast(epoch_ms(cast(devices.record ->> '$.creationDate' as bigint)) as date) as active_from,
        try_cast(nullif(devices.record ->> '$.udf.udf2', '') as date) as retired_at,
        devices._source_file as source_file
    from devices
    inner join client_map
        on devices.record ->> '$.siteUid' = client_map.site_uid
    left join device_types
        on lower(trim(devices.record ->> '$.deviceType.category')) = lower(trim(device_types.vendor_device_type))
),

renamed as (
    {{ devices_with_criticality('typed') }}
)

select * from renamed
