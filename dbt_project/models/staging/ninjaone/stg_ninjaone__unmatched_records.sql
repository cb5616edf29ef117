{#- NinjaOne records the other models leave out (no client organization, unknown device). -#}
with devices as (
    select * from {{ source('ninjaone', 'ninjaone__devices') }}
),

activities as (
    select * from {{ source('ninjaone', 'ninjaone__activities') }}
),

staged_devices as (
    select * from {{ ref('stg_ninjaone__devices') }}
),

unmatched_devices as (
    select
        'devices' as entity,
        devices.record_id,
        'organization ' || (devices.record ->> '$.organizationId') || ' is not in client_map.csv' as reason,
        devices._source_file as source_file
    from devices
    anti join staged_devices
        on devices.record_id = staged_devices.device_id
),

unmatched_activities as (
    select
        'activities' as entity,
        activities.record_id,
        'device ' || (activities.record ->> '$.deviceId') || ' is not a device of a mapped organization' as reason,
        activities._source_file as source_file
    from activities
    anti join staged_devices
        on activities.record ->> '$.deviceId' = staged_devices.device_id
)

select
    'ninjaone' as source_system,
    entity,
    record_id,
    reason,
    source_file
from (
    select * from unmatched_devices
    union all
    select * from unmatched_activities
) as unmatched
