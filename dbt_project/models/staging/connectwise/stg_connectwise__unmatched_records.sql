{#-
    Records the other ConnectWise models leave out, so nothing is dropped silently:
    a company missing from client_map.csv, an agreement type missing from the seed
    agreement_type_support_models, a priority missing from vendor_priorities (the ticket stays, priority NULL).
    The relationships / not_null tests on this model warn with the count.
-#}
with client_map as (
    select * from {{ ref('stg_connectwise__client_map') }}
),

support_models as (
    select * from {{ ref('agreement_type_support_models') }}
    where vendor = 'connectwise'
),

company_records as (
    select
        'agreements' as entity,
        record_id,
        record ->> '$.company.id' as company_id,
        record ->> '$.company.identifier' as company_identifier,
        _source_file as source_file
    from {{ source('connectwise', 'connectwise__agreements') }}
    union all
    select
        'tickets' as entity,
        record_id,
        record ->> '$.company.id' as company_id,
        record ->> '$.company.identifier' as company_identifier,
        _source_file as source_file
    from {{ source('connectwise', 'connectwise__tickets') }}
    union all
    select
        'time_entries' as entity,
        record_id,
        record ->> '$.company.id' as company_id,
        record ->> '$.company.identifier' as company_identifier,
        _source_file as source_file
    from {{ source('connectwise', 'connectwise__time_entries') }}
    union all
    select
        'invoices' as entity,
        record_id,
        record ->> '$.company.id' as company_id,
        record ->> '$.company.identifier' as company_identifier,
        _source_file as source_file
    from {{ source('connectwise', 'connectwise__invoices') }}
),

unmatched_companies as (
    select
        company_records.entity,
        company_records.record_id,
        'company ' || coalesce(company_records.company_identifier, '') || ' (id '
        || company_records.company_id || ') is not in client_map.csv' as reason,
        company_records.source_file
    from company_records
    anti join client_map
        on company_records.company_id = client_map.company_id
),

unknown_agreement_types as (
    select
        'agreements' as entity,
        agreements.record_id,
        'agreement type ''' || (agreements.record ->> '$.type.name')
        || ''' is not in seed agreement_type_support_models' as reason,
        agreements._source_file as source_file
    from {{ source('connectwise', 'connectwise__agreements') }} as agreements
    anti join support_models
        on lower(trim(agreements.record ->> '$.type.name')) = lower(trim(support_models.agreement_type))
),

unknown_priorities as (
    select
        'tickets' as entity,
        tickets.record_id,
        'priority ''' || (tickets.record ->> '$.priority.name') || ''' is not in seed vendor_priorities' as reason,
        tickets._source_file as source_file
    from {{ ref('stg_connectwise__tickets') }} as staged
    inner join {{ source('connectwise', 'connectwise__tickets') }} as tickets
        on staged.ticket_id = tickets.record_id
    where staged.priority is null
),

unmatched as (
    select * from unmatched_companies
    union all
    select * from unknown_agreement_types
    union all
    select * from unknown_priorities
)

select
    'connectwise' as source_system,
    entity,
    record_id,
    reason,
    source_file
from unmatched
