{#-
    /v2/account/devices. deviceType.category gives the device type (seeds/vendor_value_map.csv),
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

{%- set device_type_lookup = vendor_value_lookup('datto_rmm', 'device_type') %}

-- The class that names the device type: the category when the seed knows it, else deviceClass
-- when the seed knows it, else the category (an unknown value, listed) or deviceClass.
classed as (
    select
        *,
        coalesce(
            case
                when {{ device_type_lookup }}[{{ vendor_value_key("record ->> '$.deviceType.category'") }}] is not null
                    then record ->> '$.deviceType.category'
            end,
            case
                when {{ device_type_lookup }}[{{ vendor_value_key("record ->> '$.deviceClass'") }}] is not null
                    then record ->> '$.deviceClass'
            end,
            record ->> '$.deviceType.category',
            record ->> '$.deviceClass'
        ) as _vendor_device_type
    from devices
),

typed as (
    select
        devices.record_id as device_id,
        client_map.client_id,
        devices.record ->> '$.hostname' as device_name,
        {{ vendor_value('datto_rmm', 'device_type', 'devices._vendor_device_type') }} as device_type,
        case lower(trim(devices.record ->> '$.udf.udf1'))
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        cast(epoch_ms(cast(devices.record ->> '$.creationDate' as bigint)) as date) as active_from,
        try_cast(nullif(devices.record ->> '$.udf.udf2', '') as date) as retired_at,
        devices._source_file as source_file,
        devices._vendor_device_type,
        devices.record_id as _vendor_record_id
    from classed as devices
    inner join client_map
        on devices.record ->> '$.siteUid' = client_map.site_uid
),

renamed as (
    {{ devices_with_criticality('typed', 'datto_rmm') }}
)

select * from renamed
