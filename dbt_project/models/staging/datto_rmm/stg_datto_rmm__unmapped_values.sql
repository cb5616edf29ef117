{#-
    Datto RMM values no seed maps (docs/vendors.md): device category (with neither it nor
    deviceClass known, the device becomes `other`) and alert priority (the alert becomes `info`
    unless a down rule matches).
-#}
with devices as (
    select * from {{ source('datto_rmm', 'datto_rmm__devices') }}
),

alerts as (
    select * from {{ source('datto_rmm', 'datto_rmm__alerts') }}
),

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'datto_rmm'
),

severities as (
    select * from {{ ref('vendor_alert_severities') }}
    where vendor = 'datto_rmm'
),

categories as (
    select
        devices.record_id,
        devices.record ->> '$.deviceType.category' as value,
        (by_category.device_type is not null or by_class.device_type is not null) as is_mapped
    from devices
    left join device_types as by_category
        on lower(trim(devices.record ->> '$.deviceType.category')) = lower(trim(by_category.vendor_device_type))
    left join device_types as by_class
        on lower(trim(devices.record ->> '$.deviceClass')) = lower(trim(by_class.vendor_device_type))
),

priorities as (
    select
        alerts.record_id,
        alerts.record ->> '$.priority' as value,
        severities.severity is not null as is_mapped
    from alerts
    left join severities
        on lower(trim(alerts.record ->> '$.priority')) = lower(trim(severities.vendor_severity))
),

unmapped as (
    {{ unmapped_values('datto_rmm', 'devices', 'deviceType.category', 'categories') }}
    union all
    {{ unmapped_values('datto_rmm', 'alerts', 'priority', 'priorities') }}
)

select * from unmapped
