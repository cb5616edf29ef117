{#- Datto RMM records the other models leave out (no client site, unknown device). -#}
with devices as (
    select * from {{ source('datto_rmm', 'datto_rmm__devices') }}
),

alerts as (
    select * from {{ source('datto_rmm', 'datto_rmm__alerts') }}
),

staged_devices as (
    select * from {{ ref('stg_datto_rmm__devices') }}
),

unmatched_devices as (
    select
        'devices' as entity,
        devices.record_id,
        'site ' || coalesce(devices.record ->> '$.siteName', '') || ' (' || (devices.record ->> '$.siteUid')
        || ') is not in client_map.csv' as reason,
        devices._source_file as source_file
    from devices
    anti join staged_devices
        on devices.record_id = staged_devices.device_id
),

unmatched_alerts as (
    select
        'alerts' as entity,
        alerts.record_id,
        'device ' || (alerts.record ->> '$.alertSourceInfo.deviceUid') || ' is not a device of a mapped site' as reason,
        alerts._source_file as source_file
    from alerts
    anti join staged_devices
        on alerts.record ->> '$.alertSourceInfo.deviceUid' = staged_devices.device_id
)

select
    'datto_rmm' as source_system,
    entity,
    record_id,
    reason,
    source_file
from (
    select * from unmatched_devices
    union all
    select * from unmatched_alerts
) as unmatched
