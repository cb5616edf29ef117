{#-
    PRTG log messages of sensor state changes. A sensor entering Down, Down (Partial),
    Unusual, Warning or Unknown starts an event (critical, major, minor, warning, info);
    the sensor's next Up message at or after it ends it. datetime_raw is an OLE Automation
    date in UTC (days since 1899-12-30). A state change logged during a maintenance window
    (its message says so) is in_maintenance. The check is the sensor's name.
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
        lower(trim(record ->> '$.status')) as status,
        record ->> '$.message' as message,
        timestamp '1899-12-30 00:00:00'
        + to_seconds(cast(round(cast(record ->> '$.datetime_raw' as double) * 86400) as bigint)) as changed_at,
        _source_file
    from messages
),

starts as (
    select * from timed
    where status in ('down', 'down (partial)', 'unusual', 'warning', 'unknown')
),

ups as (
    select
        sensor_id,
        changed_at
    from timed
    where status = 'up'
),

resolved as (
    select
        starts.sensor_id,
        starts.changed_at,
        min(ups.changed_at) as resolved_at
    from starts
    inner join ups
        on
            starts.sensor_id = ups.sensor_id
            and starts.changed_at <= ups.changed_at
    group by starts.sensor_id, starts.changed_at
),

renamed as (
    select
        starts.sensor_id || '/' || cast(epoch(starts.changed_at) as bigint) as event_id,
        devices.client_id,
        devices.device_id,
        sensors.record ->> '$.name' as check_name,
        case starts.status
            when 'down' then 'critical'
            when 'down (partial)' then 'major'
            when 'unusual' then 'minor'
            when 'warning' then 'warning'
            else 'info'
        end as severity,
        starts.changed_at as started_at,
        resolved.resolved_at,
        coalesce(starts.message ilike '%maintenance%', false) as in_maintenance,
        starts._source_file as source_file
    from starts
    inner join sensors
        on starts.sensor_id = sensors.record_id
    inner join devices
        on sensors.record ->> '$.parentid' = devices.device_id
    left join resolved
        on
            starts.sensor_id = resolved.sensor_id
            and starts.changed_at = resolved.changed_at
)

select * from renamed
