{#-
    Records the other HaloPSA models leave out, so nothing is dropped silently:
    a client missing from client_map.csv, a contract type missing from the seed
    agreement_type_support_models, a priority missing from vendor_priorities (the ticket stays, priority NULL).
    The accepted_values test on this model warns with the count.
-#}
with client_map as (
    select * from {{ ref('stg_halopsa__client_map') }}
),

support_models as (
    select * from {{ ref('agreement_type_support_models') }}
    where vendor = 'halopsa'
),

client_records as (
    select
        'contracts' as entity,
        record_id,
        record ->> '$.client_id' as halo_client_id,
        _source_file as source_file
    from {{ source('halopsa', 'halopsa__contracts') }}
    union all
    select
        'tickets' as entity,
        record_id,
        record ->> '$.client_id' as halo_client_id,
        _source_file as source_file
    from {{ source('halopsa', 'halopsa__tickets') }}
    union all
    select
        'actions' as entity,
        record_id,
        record ->> '$.client_id' as halo_client_id,
        _source_file as source_file
    from {{ source('halopsa', 'halopsa__actions') }}
    union all
    select
        'invoices' as entity,
        record_id,
        record ->> '$.client_id' as halo_client_id,
        _source_file as source_file
    from {{ source('halopsa', 'halopsa__invoices') }}
),

unmatched_clients as (
    select
        client_records.entity,
        client_records.record_id,
        'client id ' || coalesce(client_records.halo_client_id, '(none)')
        || ' is not in client_map.csv' as reason,
        client_records.source_file
    from client_records
    anti join client_map
        on client_records.halo_client_id = client_map.halo_client_id
),

unknown_contract_types as (
    select
        'contracts' as entity,
        contracts.record_id,
        'contract type ''' || (contracts.record ->> '$.contract_type')
        || ''' is not in seed agreement_type_support_models' as reason,
        contracts._source_file as source_file
    from {{ source('halopsa', 'halopsa__contracts') }} as contracts
    anti join support_models
        on lower(trim(contracts.record ->> '$.contract_type')) = lower(trim(support_models.agreement_type))
),

unknown_priorities as (
    select
        'tickets' as entity,
        tickets.record_id,
        'priority_id ' || (tickets.record ->> '$.priority_id') || ' is not in seed vendor_priorities' as reason,
        tickets._source_file as source_file
    from {{ ref('stg_halopsa__tickets') }} as staged
    inner join {{ source('halopsa', 'halopsa__tickets') }} as tickets
        on staged.ticket_id = tickets.record_id
    where staged.priority is null
),

unmatched as (
    select * from unmatched_clients
    union all
    select * from unknown_contract_types
    union all
    select * from unknown_priorities
)

select
    'halopsa' as source_system,
    entity,
    record_id,
    reason,
    source_file
from unmatched
