{#-
    A contract's targets are the priorities of the SLA it names (sla_id); response and fix
    times are in their units (m minutes, h hours, d days of 24 hours), here in minutes. Priority
    ids map through seeds/vendor_value_map.csv (macro sla_targets_by_priority).
-#}
with priorities_raw as (
    select * from {{ source('halopsa', 'halopsa__priorities') }}
),

contracts as (
    select * from {{ source('halopsa', 'halopsa__contracts') }}
),

kept_agreements as (
    select * from {{ ref('stg_halopsa__agreements') }}
),

extracted as (
    select
        contracts.record_id as agreement_id,
        priorities_raw.record ->> '$.priorityid' as _vendor_priority,
        cast(round(
            cast(priorities_raw.record ->> '$.responsetime' as double)
            * case lower(trim(priorities_raw.record ->> '$.responseunits'))
                when 'm' then 1
                when 'd' then 1440
                else 60
            end
        ) as integer) as response_minutes,
        cast(round(
            cast(priorities_raw.record ->> '$.fixtime' as double)
            * case lower(trim(priorities_raw.record ->> '$.fixunits'))
                when 'm' then 1
                when 'd' then 1440
                else 60
            end
        ) as integer) as resolution_minutes,
        priorities_raw._source_file as source_file
    from priorities_raw
    inner join contracts
        on priorities_raw.record ->> '$.slaid' = contracts.record ->> '$.sla_id'
    inner join kept_agreements
        on contracts.record_id = kept_agreements.agreement_id
),

by_priority as (
    {{ sla_targets_by_priority('halopsa', 'extracted') }}
)

select * from by_priority
