{#-
    /v2/devices-detailed. nodeClass gives the device type (seed vendor_device_types); a
    workstation whose chassis is a laptop is a laptop. Criticality and retirement come from
    the device custom fields `criticality` (critical / standard) and `retiredAt`.
-#}
with devices as (
    select * from {{ source('ninjaone', 'ninjaone__devices') }}
),

client_map as (
    select * from {{ ref('stg_ninjaone__client_map') }}
),

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'ninjaone'
),

typed as (
    select
        devices.record_id as device_id,
        client_map.client_id,
        coalesce(nullif(devices.record ->> '$.displayName', ''), devices.record ->> '$.systemName') as device_name,
        case
            when
                upper(devices.record ->> '$.system.chassisType') = 'LAPTOP'
                and coalesce(device_types.device_type, 'other') = 'workstation'
                then 'laptop'
            else coalesce(device_types.device_type, 'other')
        end as device_type,
        case lower(devices.record ->> '$.customFields.criticality')
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        cast(timezone('UTC', to_timestamp(cast(devices.record ->> '$.created' as double))) as date) as active_from,
        try_cast(nullif(devices.record ->> '$.customFields.retiredAt', '') as date) as retired_at,
        devices._source_file as source_file
    from devices
    inner join client_map
        on devices.record ->> '$.organizationId' = client_map.organization_id
    left join device_types
        on upper(trim(devices.record ->> '$.nodeClass')) = upper(trim(device_types.vendor_device_type))
),

renamed as (
    {{ devices_with_criticality('typed') }}
)

select * from renamed
