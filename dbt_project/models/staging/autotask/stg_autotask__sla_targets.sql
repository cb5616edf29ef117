{#-
    sla_targets.csv (per Autotask service level agreement and priority label) joined to the
    contracts using it; labels map through seeds/vendor_value_map.csv (macro sla_targets_by_priority).
-#}
with sla_targets as (
    select * from {{ source('autotask', 'autotask__sla_targets') }}
),

contracts as (
    select * from {{ source('autotask', 'autotask__contracts') }}
),

kept_agreements as (
    select * from {{ ref('stg_autotask__agreements') }}
),

extracted as (
    select
        contracts.record_id as agreement_id,
        sla_targets.record ->> 'priority' as _vendor_priority,
        cast(sla_targets.record ->> 'response_minutes' as integer) as response_minutes,
        cast(sla_targets.record ->> 'resolution_minutes' as integer) as resolution_minutes,
        sla_targets._source_file as source_file
    from sla_targets
    inner join contracts
        on sla_targets.record ->> 'service_level_agreement_id' = contracts.record ->> '$.serviceLevelAgreementID'
    inner join kept_agreements
        on contracts.record_id = kept_agreements.agreement_id
),

by_priority as (
    {{ sla_targets_by_priority('autotask', 'extracted') }}
)

select * from by_priority
