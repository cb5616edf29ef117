{#-
    Trigger problem events. History is event.get (source 0, object 0): a problem event
    (value 1) names its recovery event in r_eventid (0 while open), whose clock ends it; the
    recovery events (value 0) are in the same export. problem.get (recent problems, with r_clock)
    adds problems event.get did not bring; an eventid in both is read from event.get.
    Times are Unix seconds (UTC). The host is the event's `hosts` (selectHosts), else the host
    of its trigger (objectid, triggers.json).
    Severity 0-5 via seeds/vendor_value_map.csv (5 disaster is critical, 4 high major, ...),
    raised to critical when seed monitoring_down_rules matches the event name at its minimum
    severity (stock "Unavailable by ICMP ping" at High or above). A suppressed event (host in
    maintenance) is in_maintenance.
-#}
with events as (
    select * from {{ source('zabbix', 'zabbix__events') }}
),

problems as (
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

recoveries as (
    select
        record_id as recovery_event_id,
        cast(record ->> '$.clock' as bigint) as clock
    from events
    where record ->> '$.value' = '0'
),

problem_events as (
    select
        events.record_id as event_id,
        events.record,
        events.record ->> '$.hosts[0].hostid' as event_host_id,
        cast(events.record ->> '$.clock' as bigint) as started_clock,
        recoveries.clock as resolved_clock,
        events._source_file
    from events
    left join recoveries
        on events.record ->> '$.r_eventid' = recoveries.recovery_event_id
    where events.record ->> '$.value' = '1'
),

recent_problems as (
    select
        problems.record_id as event_id,
        problems.record,
        cast(null as varchar) as event_host_id,
        cast(problems.record ->> '$.clock' as bigint) as started_clock,
        nullif(cast(problems.record ->> '$.r_clock' as bigint), 0) as resolved_clock,
        problems._source_file
    from problems
    anti join problem_events
        on problems.record_id = problem_events.event_id
),

all_problems as (
    select
        *,
        record ->> '$.severity' as _vendor_severity,
        try_cast(record ->> '$.severity' as integer) as severity_rank,
        coalesce(record ->> '$.name', '') as event_name
    from (
        select * from problem_events
        union all
        select * from recent_problems
    ) as unioned
),

graded as (
    {{ monitoring_alert_severity('zabbix', 'all_problems', ['event_name']) }}
),

renamed as (
    select
        graded.event_id,
        host_clients.client_id,
        host_clients.host_id as device_id,
        graded.record ->> '$.name' as check_name,
        graded.severity,
        timezone('UTC', to_timestamp(graded.started_clock)) as started_at,
        timezone('UTC', to_timestamp(graded.resolved_clock)) as resolved_at,
        coalesce(cast(graded.record ->> '$.suppressed' as integer), 0) = 1 as in_maintenance,
        graded._source_file as source_file,
        graded._vendor_severity,
        graded.event_id as _vendor_record_id
    from graded
    left join trigger_hosts
        on graded.record ->> '$.objectid' = trigger_hosts.trigger_id
    inner join host_clients
        on coalesce(graded.event_host_id, trigger_hosts.host_id) = host_clients.host_id
)

select * from renamed
