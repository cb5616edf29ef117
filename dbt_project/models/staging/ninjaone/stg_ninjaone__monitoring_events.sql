{#-
    /v2/activities of activityType CONDITION. A condition's TRIGGERED activity starts the event;
    the first RESET of the same series (seriesUid) at or after it ends it. activityTime is Unix
    seconds (a double, UTC). Severity: `severity` (NONE, MINOR, MODERATE, MAJOR, CRITICAL) via
    seeds/vendor_value_map.csv, raised to critical when seed monitoring_down_rules matches the
    condition's name (sourceName) or message (device offline / Device Down). `data.maintenance`
    (this project's convention) marks a condition that fired during a maintenance window.
-#}
with activities as (
    select * from {{ source('ninjaone', 'ninjaone__activities') }}
),

devices as (
    select * from {{ ref('stg_ninjaone__devices') }}
),

timed as (
    select
        record_id,
        record,
        upper(record ->> '$.statusCode') as status_code,
        record ->> '$.seriesUid' as series_uid,
        timezone('UTC', to_timestamp(cast(record ->> '$.activityTime' as double))) as activity_at,
        _source_file
    from activities
    where coalesce(upper(record ->> '$.activityType'), 'CONDITION') = 'CONDITION'
),

triggered as (
    select
        *,
        record ->> '$.severity' as _vendor_severity,
        cast(null as integer) as severity_rank,
        coalesce(record ->> '$.sourceName', '') as condition_name,
        coalesce(record ->> '$.message', '') as message
    from timed
    where status_code = 'TRIGGERED'
),

graded as (
    {{ monitoring_alert_severity('ninjaone', 'triggered', ['condition_name', 'message']) }}
),

resets as (
    select
        series_uid,
        activity_at
    from timed
    where status_code = 'RESET'
),

resolved as (
    select
        graded.record_id,
        min(resets.activity_at) as resolved_at
    from graded
    inner join resets
        on
            graded.series_uid = resets.series_uid
            and graded.activity_at <= resets.activity_at
    group by graded.record_id
),

renamed as (
    select
        graded.record_id as event_id,
        devices.client_id,
        devices.device_id,
        coalesce(
            nullif(graded.record ->> '$.sourceName', ''),
            nullif(graded.record ->> '$.subject', ''),
            graded.record ->> '$.message'
        ) as check_name,
        graded.severity,
        graded.activity_at as started_at,
        resolved.resolved_at,
        coalesce(cast(graded.record ->> '$.data.maintenance' as boolean), false) as in_maintenance,
        graded._source_file as source_file,
        graded._vendor_severity,
        graded.record_id as _vendor_record_id
    from graded
    inner join devices
        on graded.record ->> '$.deviceId' = devices.device_id
    left join resolved
        on graded.record_id = resolved.record_id
)

select * from renamed
