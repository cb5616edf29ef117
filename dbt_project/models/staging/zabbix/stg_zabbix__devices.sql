{#-
    host.get (selectHostGroups, selectParentTemplates, selectTags, selectInventory). The device
    class, first found of: the inventory's `type` (often empty: inventory is off by default and
    then comes as an empty array), the host's templates (`parentTemplates[].name`, e.g. "Linux by
    Zabbix agent"), its host groups (`hostgroups[].name`, e.g. "Linux servers"); each through
    seeds/vendor_value_map.csv (field device_type), else `other` (an unknown inventory type is
    listed in quality.unmapped_vendor_values). Criticality from the host tag `criticality`
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

host_classes as (
    select
        host_id,
        arg_min(class_name, struct_pack(p := preference, c := class_name)) as class_name
    from class_names
    where {{ vendor_value_lookup('zabbix', 'device_type') }}[{{ vendor_value_key('class_name') }}] is not null
    group by host_id
),

typed as (
    select
        hosts.record_id as device_id,
        host_clients.client_id,
        coalesce(nullif(hosts.record ->> '$.name', ''), hosts.record ->> '$.host') as device_name,
        {{ vendor_value('zabbix', 'device_type', 'host_classes.class_name') }} as device_type,
        case tags.by_tag['criticality']
            when 'critical' then true
            when 'standard' then false
        end as tagged_critical,
        try_cast(nullif(hosts.record ->> '$.inventory.date_hw_install', '') as date) as active_from,
        try_cast(nullif(hosts.record ->> '$.inventory.date_hw_decomm', '') as date) as retired_at,
        hosts._source_file as source_file,
        -- The class that named the type, else the inventory type no seed row knows (listed).
        coalesce(host_classes.class_name, nullif(trim(hosts.record ->> '$.inventory.type'), '')) as _vendor_device_type,
        hosts.record_id as _vendor_record_id
    from hosts
    inner join host_clients
        on hosts.record_id = host_clients.host_id
    left join host_classes
        on hosts.record_id = host_classes.host_id
    left join tags
        on hosts.record_id = tags.host_id
),

renamed as (
    {{ devices_with_criticality('typed', 'zabbix') }}
)

select * from renamed
