{#-
    /v2/activities of type CONDITION. A condition's TRIGGERED activity starts the event;
    the first RESET of the same series (seriesUid) at or after it ends it. activityTime is
    Unix seconds (UTC). NinjaOne severities CRITICAL, MAJOR, MODERATE, MINOR, NONE map to
    critical, major, minor, warning, info. `data.maintenance` marks a condition that fired
    while the device was in a maintenance window.
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
),

triggered as (
    select * from timed
    where status_code = 'TRIGGERED'
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
        triggered.record_id,
        min(resets.activity_at) as resolved_at
    from triggered
    inner join resets
        on
            triggered.series_uid = resets.series_uid
            and triggered.activity_at <= resets.activity_at
    group by triggered.record_id
),

renamed as (
    select
        triggered.record_id as event_id,
        devices.client_id,
        devices.device_id,
        coalesce(triggered.record ->> '$.sourceName', triggered.record ->> '$.subject') as check_name,
        case upper(triggered.record ->> '$.severity')
            when 'CRITICAL' then 'critical'
            when 'MAJOR' then 'major'
            when 'MODERATE' then 'minor'
            when 'MINOR' then 'warning'
            else 'info'
        end as severity,
        triggered.activity_at as started_at,
        resolved.resolved_at,
        coalesce(cast(triggered.record ->> '$.data.maintenance' as boolean), false) as in_maintenance,
        triggered._source_file as source_file
    from triggered
    inner join devices
        on triggered.record ->> '$.deviceId' = devices.device_id
    left join resolved
        on triggered.record_id = resolved.record_id
)

select * from renamed
