{#-
    problem.get. The problem's trigger (objectid) names the host; clock / r_clock are Unix
    seconds (UTC), r_clock 0 while the problem is open. Zabbix severities
    5 disaster, 4 high, 3 average, 2 warning, 1 information, 0 not classified map to
    critical, major, minor, warning, info, info. A suppressed problem (host in
    maintenance) is in_maintenance.
-#}
with problems as (
    select * from {{ source('zabbix', 'zabbix__problems') }}
),

triggers as (
    select * from {{ source('zabbix', 'zabbix__triggers') }}
),

host_clients as (
    select * from {{ ref('stg_zabbix__host_clients') }}
),

trigger_hosts as (
    select
        record_id as trigger_id,
        record ->> '$.hosts[0].hostid' as host_id
    from triggers
),

renamed as (
    select
        problems.record_id as event_id,
        host_clients.client_id,
        trigger_hosts.host_id as device_id,
        problems.record ->> '$.name' as check_name,
        case cast(problems.record ->> '$.severity' as integer)
            when 5 then 'critical'
            when 4 then 'major'
            when 3 then 'minor'
            when 2 then 'warning'
            else 'info'
        end as severity,
        timezone('UTC', to_timestamp(cast(problems.record ->> '$.clock' as bigint))) as started_at,
        case
            when coalesce(cast(problems.record ->> '$.r_clock' as bigint), 0) > 0
                then timezone('UTC', to_timestamp(cast(problems.record ->> '$.r_clock' as bigint)))
        end as resolved_at,
        coalesce(cast(problems.record ->> '$.suppressed' as integer), 0) = 1 as in_maintenance,
        problems._source_file as source_file
    from problems
    inner join trigger_hosts
        on problems.record ->> '$.objectid' = trigger_hosts.trigger_id
    inner join host_clients
        on trigger_hosts.host_id = host_clients.host_id
)

select * from renamed
