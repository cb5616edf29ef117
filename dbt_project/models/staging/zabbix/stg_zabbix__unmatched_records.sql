{#-
    Records the other Zabbix models leave out, so nothing is dropped silently: hosts in no
    host group that client_map.csv names, and problems whose host is unknown or has no client.
-#}
with hosts as (
    select * from {{ source('zabbix', 'zabbix__hosts') }}
),

events as (
    select * from {{ source('zabbix', 'zabbix__events') }}
),

problems as (
    select * from {{ source('zabbix', 'zabbix__problems') }}
),

devices as (
    select * from {{ ref('stg_zabbix__devices') }}
),

monitoring_events as (
    select * from {{ ref('stg_zabbix__monitoring_events') }}
),

unmatched_hosts as (
    select
        'hosts' as entity,
        hosts.record_id,
        'host ' || (hosts.record ->> '$.host') || ' is in no host group of client_map.csv' as reason,
        hosts._source_file as source_file
    from hosts
    anti join devices
        on hosts.record_id = devices.device_id
),

unmatched_events as (
    select
        'events' as entity,
        events.record_id,
        'host ' || coalesce(events.record ->> '$.hosts[0].hostid', '(none)') || ' of trigger '
        || (events.record ->> '$.objectid') || ' is unknown or has no client' as reason,
        events._source_file as source_file
    from events
    anti join monitoring_events
        on events.record_id = monitoring_events.event_id
    where events.record ->> '$.value' = '1'
),

unmatched_problems as (
    select
        'problems' as entity,
        problems.record_id,
        'trigger ' || (problems.record ->> '$.objectid')
        || ' is not in triggers.json or its host has no client' as reason,
        problems._source_file as source_file
    from problems
    anti join monitoring_events
        on problems.record_id = monitoring_events.event_id
)

select
    'zabbix' as source_system,
    entity,
    record_id,
    reason,
    source_file
from (
    select * from unmatched_hosts
    union all
    select * from unmatched_events
    union all
    select * from unmatched_problems
) as unmatched
