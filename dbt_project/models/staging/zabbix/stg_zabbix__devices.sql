{#-
    host.get. Device type from the host inventory's `type` (seed vendor_device_types);
    criticality from the host tag `criticality` (critical / standard), else the type's default;
    in service between the inventory's hardware install and decommission dates.
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

typed as (
    select
        hosts.record_id as device_id,
        host_clients.client_id,
        coalesce(nullif(hosts.record ->> '$.name', ''), hosts.record ->> '$.host') as device_name,
        coalesce(device_types.device_type, 'other') as device_type,
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
    left join device_types
        on lower(trim(hosts.record ->> '$.inventory.type')) = lower(trim(device_types.vendor_device_type))
    left join tags
        on hosts.record_id = tags.host_id
),

renamed as (
    {{ devices_with_criticality('typed') }}
)

select * from renamed
