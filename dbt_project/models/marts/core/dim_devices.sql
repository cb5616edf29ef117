{#- One row per device the MSP looks after. -#}
with devices as (
    select * from {{ ref('int_devices') }}
),

final as (
    select
        device_id,
        client_id,
        device_name,
        device_type,
        is_critical,
        active_from,
        retired_at,
        source_system
    from devices
)

select * from final
