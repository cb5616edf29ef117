{#-
    /v2/devices-detailed. nodeClass gives the device type (seeds/vendor_value_map.csv); a
    workstation whose system.chassisType is LAPTOP is a laptop. Criticality and retirement are
    device custom fields (`fields`, as /v2/device/{id}/custom-fields returns them): `criticality`
    (critical / standard) and `retiredAt` (YYYY-MM-DD), this project's convention; without
    them, seed device_type_criticality decides. `created` is Unix seconds (a double).
-#}
with devices as (
    select * from {{ source('ninjaone', 'ninjaone__devices') }}
),

client_map as (
    select * from {{ ref('stg_ninjaone__client_map') }}
),

custom_fields as (
    select
        record_id,
        -- `fields` is the API's name; `customFields` is how earlier exports of this project merged them.
        coalesce(json_extract(record, '$.fields'), json_extract(record, '$.customFields')) as field_values
    from devices
),

typed as (
    select
        devices.record_id as device_id,
        client_map.client_id,
        coalesce(nullif(devices.record ->> '$.displayName', ''), devices.record ->> '$.systemName') as device_name,
        case
            when
                upper(devices.record ->> '$.system.chassisType') = 'LAPTOP'
                and {{ vendor_value('ninjaone', 'device_type', "devices.record ->> '$.nodeClass'") }} = 'workstation'
                then 'laptop'
            else {{ vendor_value('ninjaone', 'device_type', "devices.record ->> '$.nodeClass'") }}
        end as device_type,
        case lower(trim(custom_fields.field_values ->> '$.criticality'))
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        cast(timezone('UTC', to_timestamp(cast(devices.record ->> '$.created' as double))) as date) as active_from,
        try_cast(nullif(custom_fields.field_values ->> '$.retiredAt', '') as date) as retired_at,
        devices._source_file as source_file,
        devices.record ->> '$.nodeClass' as _vendor_device_type,
        devices.record_id as _vendor_record_id
    from devices
    inner join client_map
        on devices.record ->> '$.organizationId' = client_map.organization_id
    left join custom_fields
        on devices.record_id = custom_fields.record_id
),

renamed as (
    {{ devices_with_criticality('typed', 'ninjaone') }}
)

select * from renamed
