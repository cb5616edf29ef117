{#-
    NinjaOne values no seed maps (docs/vendors.md): device nodeClass (the device becomes
    `other`) and condition severity (the alert becomes `info` unless a down rule matches).
-#}
with devices as (
    select * from {{ source('ninjaone', 'ninjaone__devices') }}
),

activities as (
    select * from {{ source('ninjaone', 'ninjaone__activities') }}
),

device_types as (
    select * from {{ ref('vendor_device_types') }}
    where vendor = 'ninjaone'
),

severities as (
    select * from {{ ref('vendor_alert_severities') }}
    where vendor = 'ninjaone'
),

node_classes as (
    select
        devices.record_id,
        devices.record ->> '$.nodeClass' as value,
        device_types.device_type is not null as is_mapped
    from devices
    left join device_types
        on upper(trim(devices.record ->> '$.nodeClass')) = upper(trim(device_types.vendor_device_type))
),

condition_severities as (
    select
        activities.record_id,
        activities.record ->> '$.severity' as value,
        severities.severity is not null as is_mapped
    from activities
    left join severities
        on upper(trim(activities.record ->> '$.severity')) = upper(trim(severities.vendor_severity))
    where
        coalesce(upper(activities.record ->> '$.activityType'), 'CONDITION') = 'CONDITION'
        and upper(activities.record ->> '$.statusCode') = 'TRIGGERED'
),

unmapped as (
    {{ unmapped_values('ninjaone', 'devices', 'nodeClass', 'node_classes') }}
    union all
    {{ unmapped_values('ninjaone', 'activities', 'severity', 'condition_severities') }}
)

select * from unmapped
