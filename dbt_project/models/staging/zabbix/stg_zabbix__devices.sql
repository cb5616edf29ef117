{#-
    host.get (selectHostGroups, selectParentTemplates, selectTags, selectInventory). The device
    class, first found of: the inventory's `type` (often empty: inventory is off by default and
    then comes as an empty array), the host's templates (`parentTemplates[].name`, e.g. "Linux by
    Zabbix agent"), its host groups (`hostgroups[].name`, e.g. "Linux servers"); each through
    seed vendor_device_types, else `other`. Criticality from the host tag `criticality`
    (critical / standard, this project's convention), else seed device_type_criticality (an
    unclassified host is critical). In service between the inventory's hardware install and
    decommission dates.
-#}
with hosts as (
    select * from {{ source('zabbix', 'zabbix__hosts') }}
),

host_clients as (
    select * from {{ ref('stg_zabbix__host_clients') }}
),

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'zabbix'
),

tags as (
    select
        record_id as host_id,
        map_from_entries(
            list_transform(
                json_extract(record, '$.tags[*]'),
                lambda t: { 'k': lower(trim(t ->> 'tag')), 'v': lower(trim(t ->> 'value')) }
            )
        ) as by_tag
    from hosts
),

-- Candidate classes of each host, in order of preference: inventory type, templates, host groups.
class_names as (
    select
        record_id as host_id,
        0 as preference,
        record ->> '$.inventory.type' as class_name
    from hosts
    union all
    select
        record_id as host_id,
        1 as preference,
        unnest(json_extract_string(record, '$.parentTemplates[*].name')) as class_name
    from hosts
    union all
    select
        record_id as host_id,
        2 as preference,
        unnest(
            coalesce(
                json_extract_string(record, '$.hostgroups[*].name'),
                json_extract_string(record, '$.groups[*].name')
            )
        ) as class_name
    from hosts
),

host_types as (
    select
        class_names.host_id,
        arg_min(
            device_types.device_type,
            struct_pack(p := class_names.preference, t := device_types.device_type)
        ) as device_type
    from class_names
    inner join device_types
        on lower(trim(class_names.class_name)) = lower(trim(device_types.vendor_device_type))
    group by class_names.host_id
),

typed as (
    select
        hosts.record_id as device_id,
        host_clients.client_id,
        coalesce(nullif(hosts.record ->> '$.name', ''), hosts.record ->> '$.host') as device_name,
        coalesce(host_types.device_type, 'other') as device_type,
        case tags.by_tag['criticality']
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        try_cast(nullif(hosts.record ->> '$.inventory.date_hw_install', '') as date) as active_from,
        try_cast(nullif(hosts.record ->> '$.inventory.date_hw_decomm', '') as date) as retired_at,
        hosts._source_file as source_file
    from hosts
    inner join host_clients
        on hosts.record_id = host_clients.host_id
    left join host_types
        on hosts.record_id = host_types.host_id
    left join tags
        on hosts.record_id = tags.host_id
),

renamed as (
    {{ devices_with_criticality('typed', 'zabbix') }}
)

select * from renamed
