{#-
    /v2/account/alerts/open and /resolved. timestamp / resolvedOn are Unix milliseconds (UTC);
    an alert is open until resolved. Severity: `priority` (Critical, High, Moderate, Low,
    Information) via seeds/vendor_value_map.csv, raised to critical when seed
    monitoring_down_rules matches alertContext."@class" (online_offline_status_ctx: the device is
    offline). A muted alert is in_maintenance. The check is `diagnostics`, else (offline alerts
    carry diagnostics null) the alert context class.
-#}
with alerts as (
    select * from {{ source('datto_rmm', 'datto_rmm__alerts') }}
),

devices as (
    select * from {{ ref('stg_datto_rmm__devices') }}
),

classified as (
    select
        *,
        record ->> '$.priority' as _vendor_severity,
        cast(null as integer) as severity_rank,
        coalesce(record ->> '$.alertContext."@class"', '') as alert_context_class
    from alerts
),

graded as (
    {{ monitoring_alert_severity('datto_rmm', 'classified', ['alert_context_class']) }}
),

renamed as (
    select
        graded.record_id as event_id,
        devices.client_id,
        devices.device_id,
        coalesce(nullif(graded.record ->> '$.diagnostics', ''), nullif(graded.alert_context_class, '')) as check_name,
        graded.severity,
        epoch_ms(cast(graded.record ->> '$.timestamp' as bigint)) as started_at,
        case
            when coalesce(cast(graded.record ->> '$.resolved' as boolean), false)
                then epoch_ms(cast(graded.record ->> '$.resolvedOn' as bigint))
        end as resolved_at,
        coalesce(cast(graded.record ->> '$.muted' as boolean), false) as in_maintenance,
        graded._source_file as source_file,
        graded._vendor_severity,
        graded.record_id as _vendor_record_id
    from graded
    inner join devices
        on graded.record ->> '$.alertSourceInfo.deviceUid' = devices.device_id
)

select * from renamed
