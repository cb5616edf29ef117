{#-
    Each host's client: the first (lowest id) of its host groups that client_map.csv names.
    Zabbix 6.2+ returns `hostgroups`, older versions `groups`.
-#}
with hosts as (
    select * from {{ source('zabbix', 'zabbix__hosts') }}
),

client_map as (
    select * from {{ ref('stg_zabbix__client_map') }}
),

host_groups as (
    select
        hosts.record_id as host_id,
        unnest(
            coalesce(
                json_extract(hosts.record, '$.hostgroups[*]'),
                json_extract(hosts.record, '$.groups[*]')
            )
        ) ->> 'groupid' as group_id
    from hosts
),

mapped as (
    select
        host_groups.host_id,
        client_map.client_id,
        row_number() over (
            partition by host_groups.host_id order by try_cast(host_groups.group_id as bigint), host_groups.group_id
        ) as group_rank
    from host_groups
    inner join client_map
        on host_groups.group_id = client_map.group_id
)

select
    host_id,
    client_id
from mapped
where group_rank = 1
