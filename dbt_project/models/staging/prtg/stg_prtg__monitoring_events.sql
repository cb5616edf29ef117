{#-
    PRTG log messages of sensor state changes (table.json content=messages). A sensor entering
    a state other than Up, Paused or Down (Acknowledged) starts an event: a status
    seeds/vendor_value_map.csv knows (Down, Down (Partial), Unusual, Warning, Unknown), or any
    other sensor state (status_raw 601-620; `info` and listed as unmapped). The sensor's next
    Up (or Paused) message at or after it ends it, so Down then Down (Acknowledged) is one event.
    Severity through the seed, raised to critical when seed monitoring_down_rules matches the
    status (Down). datetime_raw is an OLE
    Automation date in UTC (days since 1899-12-30). A state change logged during a maintenance
    window (its message says so) is in_maintenance. The check is the sensor's name.
-#}
with messages as (
    select * from {{ source('prtg', 'prtg__messages') }}
),

sensors as (
    select * from {{ source('prtg', 'prtg__sensors') }}
),

devices as (
    select * from {{ ref('stg_prtg__devices') }}
),

timed as (
    select
        record ->> '$.objid' as sensor_id,
        record_id,
        trim(record ->> '$.status') as status,
        try_cast(record ->> '$.status_raw' as integer) as status_raw,
        coalesce(record ->> '$.message_raw', record ->> '$.message') as message,
        timestamp '1899-12-30 00:00:00'
        + to_seconds(cast(round(cast(record ->> '$.datetime_raw' as double) * 86400) as bigint)) as changed_at,
        _source_file
    from messages
),

starts as (
    select
        *,
        status as _vendor_severity,
        cast(null as integer) as severity_rank
    from timed
    where
        {{ vendor_value_lookup('prtg', 'severity') }}[{{ vendor_value_key('status') }}] is not null
        or (
            status_raw between 601 and 620
            and lower(status) not in ('up', 'down (acknowledged)')
            and lower(status) not like 'paused%'
        )
),

graded as (
    {{ monitoring_alert_severity('prtg', 'starts', ['status']) }}
),

ends as (
    select
        sensor_id,
        changed_at
    from timed
    where lower(status) = 'up' or lower(status) like 'paused%'
),

resolved as (
    select
        graded.sensor_id,
        graded.changed_at,
        min(ends.changed_at) as resolved_at
    from graded
    inner join ends
        on
            graded.sensor_id = ends.sensor_id
            and graded.changed_at <= ends.changed_at
    group by graded.sensor_id, graded.changed_at
),

renamed as (
    select
        graded.sensor_id || '/' || cast(epoch(graded.changed_at) as bigint) as event_id,
        devices.client_id,
        devices.device_id,
        sensors.record ->> '$.name' as check_name,
        graded.severity,
        graded.changed_at as started_at,
        resolved.resolved_at,
        coalesce(graded.message ilike '%maintenance%', false) as in_maintenance,
        graded._source_file as source_file,
        graded._vendor_severity,
        graded.record_id as _vendor_record_id
    from graded
    inner join sensors
        on graded.sensor_id = sensors.record_id
    inner join devices
        on sensors.record ->> '$.parentid' = devices.device_id
    left join resolved
        on
            graded.sensor_id = resolved.sensor_id
            and graded.changed_at = resolved.changed_at
)

select * from renamed
