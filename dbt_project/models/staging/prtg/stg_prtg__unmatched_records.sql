{#- PRTG devices and sensors the other models leave out (no client group, unknown device). -#}
with devices as (
    select * from {{ source('prtg', 'prtg__devices') }}
),

sensors as (
    select * from {{ source('prtg', 'prtg__sensors') }}
),

staged_devices as (
    select * from {{ ref('stg_prtg__devices') }}
),

unmatched_devices as (
    select
        'devices' as entity,
        devices.record_id,
        'group ' || coalesce(devices.record ->> '$.group', '') || ' (' || (devices.record ->> '$.parentid')
        || ') is not in client_map.csv' as reason,
        devices._source_file as source_file
    from devices
    anti join staged_devices
        on devices.record_id = staged_devices.device_id
),

unmatched_sensors as (
    select
        'sensors' as entity,
        sensors.record_id,
        'device ' || (sensors.record ->> '$.parentid') || ' is not a device of a mapped group' as reason,
        sensors._source_file as source_file
    from sensors
    anti join staged_devices
        on sensors.record ->> '$.parentid' = staged_devices.device_id
)

select
    'prtg' as source_system,
    entity,
    record_id,
    reason,
    source_file
from (
    select * from unmatched_devices
    union all
    select * from unmatched_sensors
) as unmatched
