{#-
    /Actions that record time: timetaken hours from actionarrivaldate, billable unless the
    whole of it is non-billable (nonbilltime); the action's outcome is the work type.
-#}
with actions as (
    select * from {{ source('halopsa', 'halopsa__actions') }}
),

client_map as (
    select * from {{ ref('stg_halopsa__client_map') }}
),

renamed as (
    select
        actions.record_id as time_entry_id,
        client_map.client_id,
        -- HaloPSA spells "no ticket" as null or 0.
        nullif(nullif(trim(actions.record ->> '$.ticket_id'), ''), '0') as ticket_id,
        actions.record ->> '$.agent_id' as technician_id,
        {{ to_utc("actions.record ->> '$.actionarrivaldate'", 'client_map.timezone') }} as started_at,
        cast(actions.record ->> '$.timetaken' as double) as hours,
        coalesce(cast(actions.record ->> '$.nonbilltime' as double), 0)
        < cast(actions.record ->> '$.timetaken' as double) as billable,
        {{ vendor_value('halopsa', 'work_type', "actions.record ->> '$.outcome'") }} as work_type,
        actions._source_file as source_file,
        actions.record_id as _vendor_record_id,
        actions.record ->> '$.outcome' as _vendor_work_type
    from actions
    inner join client_map
        on actions.record ->> '$.client_id' = client_map.halo_client_id
)

select * from renamed
