{#-
    PRTG devices; the client is the device's group (parentid). PRTG has no device class or
    lifecycle fields, so the MSP may tag devices: a type tag (seeds/vendor_value_map.csv, field
    device_type: server, switch, nas, ...), msp-critical / msp-noncritical, msp-from-YYYY-MM-DD,
    msp-retired-YYYY-MM-DD. An auto-discovered device has no tags: it is `other`, and critical
    by seed device_type_criticality (PRTG watches infrastructure), unless tagged otherwise.
-#}
with devices as (
    select * from {{ source('prtg', 'prtg__devices') }}
),

client_map as (
    select * from {{ ref('stg_prtg__client_map') }}
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
        -- Tags are free text: only a tag the seed knows names the type (the first, alphabetically).
        min(tags.tag) filter (
            where {{ vendor_value_lookup('prtg', 'device_type') }}[{{ vendor_value_key('tags.tag') }}] is not null
        ) as type_tag,
        bool_or(tags.tag = 'msp-critical') as tagged_critical,
        bool_or(tags.tag = 'msp-noncritical') as tagged_noncritical,
        min(try_cast(regexp_extract(tags.tag, '^msp-from-(\d{4}-\d{2}-\d{2})$', 1) as date)) as active_from,
        min(try_cast(regexp_extract(tags.tag, '^msp-retired-(\d{4}-\d{2}-\d{2})$', 1) as date)) as retired_at
    from tags
    group by tags.device_id
),

typed as (
    select
        devices.record_id as device_id,
        client_map.client_id,
        devices.record ->> '$.device' as device_name,
        {{ vendor_value('prtg', 'device_type', 'device_tags.type_tag') }} as device_type,
        case
            when device_tags.tagged_critical then true
            when device_tags.tagged_noncritical then false
        end as tagged_critical,
        device_tags.active_from,
        device_tags.retired_at,
        devices._source_file as source_file,
        device_tags.type_tag as _vendor_device_type,
        devices.record_id as _vendor_record_id
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
