{#-
    /v2/account/alerts. timestamp / resolvedOn are Unix milliseconds (UTC); an alert is
    open until resolved. Priorities Critical, High, Moderate, Low, Information map to
    critical, major, minor, warning, info; a muted alert (device in maintenance) is
    in_maintenance. The check is the alert's diagnostics text.
-#}
with alerts as (
    select * from {{ source('datto_rmm', 'datto_rmm__alerts') }}
),

devices as (
    select * from {{ ref('stg_datto_rmm__devices') }}
),

renamed as (
    select
        alerts.record_id as event_id,
        devices.client_id,
        devices.device_id,
        alerts.record ->> '$.diagnostics' as check_name,
        case lower(alerts.record ->> '$.priority')
            when 'critical' then 'critical'
            when 'high' then 'major'
            when 'moderate' then 'minor'
            when 'low' then 'warning'
            else 'info'
        end as severity,
        epoch_ms(cast(alerts.record ->> '$.timestamp' as bigint)) as started_at,
        case
            when coalesce(cast(alerts.record ->> '$.resolved' as boolean), false)
                then epoch_ms(cast(alerts.record ->> '$.resolvedOn' as bigint))
        end as resolved_at,
        coalesce(cast(alerts.record ->> '$.muted' as boolean), false) as in_maintenance,
        alerts._source_file as source_file
    from alerts
    inner join devices
        on alerts.record ->> '$.alertSourceInfo.deviceUid' = devices.device_id
)

select * from renamed
