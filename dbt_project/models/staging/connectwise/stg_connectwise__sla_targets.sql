{#-
    An agreement's targets are the priorities of the SLA it names (`sla.id`), hours -> minutes;
    priority names map through seeds/vendor_value_map.csv (macro sla_targets_by_priority).
-#}
with sla_priorities as (
    select * from {{ source('connectwise', 'connectwise__sla_priorities') }}
),

agreements as (
    select * from {{ source('connectwise', 'connectwise__agreements') }}
),

kept_agreements as (
    select * from {{ ref('stg_connectwise__agreements') }}
),

extracted as (
    select
        agreements.record_id as agreement_id,
        sla_priorities.record ->> '$.priority.name' as _vendor_priority,
        cast(round(cast(sla_priorities.record ->> '$.respondHours' as double) * 60) as integer)
            as response_minutes,
        cast(round(cast(sla_priorities.record ->> '$.resolutionHours' as double) * 60) as integer)
            as resolution_minutes,
        sla_priorities._source_file as source_file
    from sla_priorities
    inner join agreements
        on sla_priorities.record ->> '$.sla.id' = agreements.record ->> '$.sla.id'
    inner join kept_agreements
        on agreements.record_id = kept_agreements.agreement_id
),

by_priority as (
    {{ sla_targets_by_priority('connectwise', 'extracted') }}
)

select * from by_priority
