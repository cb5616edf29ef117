{#-
    /Actions that record time: the agent is who_agentid, timetaken hours from
    actionarrivaldate, billable unless the whole of it is non-billable (nonbilltime); the
    outcome maps to the work type. Actions carry no client: it is the client of the action's
    ticket, else of its contract (action_contract_id); an action with neither is left out and
    listed in quality.unmatched_vendor_records.
-#}
with actions as (
    select * from {{ source('halopsa', 'halopsa__actions') }}
),

tickets as (
    select * from {{ source('halopsa', 'halopsa__tickets') }}
),

contracts as (
    select * from {{ source('halopsa', 'halopsa__contracts') }}
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
        actions.record ->> '$.who_agentid' as technician_id,
        {{ to_utc("actions.record ->> '$.actionarrivaldate'", "'UTC'") }} as started_at,
        cast(actions.record ->> '$.timetaken' as double) as hours,
        coalesce(cast(actions.record ->> '$.nonbilltime' as double), 0)
        < cast(actions.record ->> '$.timetaken' as double) as billable,
        {{ vendor_value('halopsa', 'work_type', "actions.record ->> '$.outcome'") }} as work_type,
        actions._source_file as source_file,
        actions.record_id as _vendor_record_id,
        actions.record ->> '$.outcome' as _vendor_work_type
    from actions
    left join tickets
        on actions.record ->> '$.ticket_id' = tickets.record_id
    left join contracts
        on actions.record ->> '$.action_contract_id' = contracts.record_id
    inner join client_map
        on coalesce(tickets.record ->> '$.client_id', contracts.record ->> '$.client_id') = client_map.halo_client_id
)

select * from renamed
