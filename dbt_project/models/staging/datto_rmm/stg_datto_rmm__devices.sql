{#-
    /v2/account/devices. deviceType.category gives the device type (seed vendor_device_types),
    else deviceClass (esxihost, rmmnetworkdevice, printer); criticality and retirement are the
    user-defined fields udf1 (critical / standard) and udf2 (retired on, YYYY-MM-DD), this
    project's convention (Datto RMM has no such fields); without udf1, seed
    device_type_criticality decides. creationDate is Unix milliseconds.
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
        coalesce(by_category.device_type, by_class.device_type, 'other') as device_type,
        case lower(trim(devices.record ->> '$.udf.udf1'))
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        cast(epoch_ms(cast(devices.record ->> '$.creationDate' as bigint)) as date) as active_from,
        try_cast(nullif(devices.record ->> '$.udf.udf2', '') as date) as retired_at,
        devices._source_file as source_file
    from devices
    inner join client_map
        on devices.record ->> '$.siteUid' = client_map.site_uid
    left join device_types as by_category
        on lower(trim(devices.record ->> '$.deviceType.category')) = lower(trim(by_category.vendor_device_type))
    left join device_types as by_class
        on lower(trim(devices.record ->> '$.deviceClass')) = lower(trim(by_class.vendor_device_type))
),

renamed as (
    {{ devices_with_criticality('typed', 'datto_rmm') }}
)

select * from renamed
