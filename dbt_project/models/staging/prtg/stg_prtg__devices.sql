{#-
    PRTG devices; the client is the device's group (parentid). PRTG has no device class or
    lifecycle fields, so the MSP tags devices: a type tag (seed vendor_device_types, e.g.
    server), msp-critical / msp-noncritical, msp-from-YYYY-MM-DD, msp-retired-YYYY-MM-DD.
-#}
with devices as (
    select * from {{ source('prtg', 'prtg__devices') }}
),

client_map as (
    select * from {{ ref('stg_prtg__client_map') }}
),

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'prtg'
),

tags as (
    select
        record_id as device_id,
        unnest(string_split(lower(trim(record ->> '$.tags')), ' ')) as tag
    from devices
),

device_tags as (
    select
        tags.device_id,
        min(device_types.device_type) as device_type,
        bool_or(tags.tag = 'msp-critical') as tagged_critical,
        bool_or(tags.tag = 'msp-noncritical') as tagged_noncritical,
        min(try_cast(regexp_extract(tags.tag, '^msp-from-(\d{4}-\d{2}-\d{2})$', 1) as date)) as active_from,
        min(try_cast(regexp_extract(tags.tag, '^msp-retired-(\d{4}-\d{2}-\d{2})$', 1) as date)) as retired_at
    from tags
    left join device_types
        on tags.tag = lower(device_types.vendor_device_type)
    group by tags.device_id
),

typed as (
    select
        devices.record_id as device_id,
        client_map.client_id,
        devices.record ->> '$.device' as device_name,
        coalesce(device_tags.device_type, 'other') as device_type,
        case
            when device_tags.tagged_critical then true
            when device_tags.tagged_noncritical then false
        end as tagged_critical,
        device_tags.active_from,
        device_tags.retired_at,
        devices._source_file as source_file
    from devices
    inner join client_map
        on devices.record ->> '$.parentid' = client_map.group_id
    left join device_tags
        on devices.record_id = device_tags.device_id
),

renamed as (
    {{ devices_with_criticality('typed', 'prtg') }}
)

select * from renamed
