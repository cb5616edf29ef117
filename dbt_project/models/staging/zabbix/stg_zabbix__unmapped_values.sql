{#-
    Zabbix values no seed maps (docs/vendors.md): a host inventory type (the host then takes
    its class from its templates or host groups, else `other`) and a problem severity (the
    problem becomes `info` unless a down rule matches).
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

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'zabbix'
),

severities as (
    select * from {{ ref('vendor_alert_severities') }}
    where vendor = 'zabbix'
),

inventory_types as (
    select
        hosts.record_id,
        hosts.record ->> '$.inventory.type' as value,
        device_types.device_type is not null as is_mapped
    from hosts
    left join device_types
        on lower(trim(hosts.record ->> '$.inventory.type')) = lower(trim(device_types.vendor_device_type))
    where nullif(trim(hosts.record ->> '$.inventory.type'), '') is not null
),

problem_records as (
    select
        record_id,
        record
    from events
    where record ->> '$.value' = '1'
    union all
    select
        problems.record_id,
        problems.record
    from problems
    anti join events
        on problems.record_id = events.record_id
),

problem_severities as (
    select
        problem_records.record_id,
        problem_records.record ->> '$.severity' as value,
        severities.severity is not null as is_mapped
    from problem_records
    left join severities
        on trim(problem_records.record ->> '$.severity') = trim(severities.vendor_severity)
),

unmapped as (
    {{ unmapped_values('zabbix', 'hosts', 'inventory.type', 'inventory_types') }}
    union all
    {{ unmapped_values('zabbix', 'events', 'severity', 'problem_severities') }}
)

select * from unmapped
