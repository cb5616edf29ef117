{#-
    Autotask records the other models leave out, so nothing is dropped silently: a company
    missing from client_map.csv, a contract type missing from agreement_type_support_models,
    time with neither ticket nor contract of a mapped company, a priority label missing from
    vendor_priorities.
-#}
with client_map as (
    select * from {{ ref('stg_autotask__client_map') }}
),

contracts as (
    select * from {{ source('autotask', 'autotask__contracts') }}
),

staged_agreements as (
    select * from {{ ref('stg_autotask__agreements') }}
),

time_entries as (
    select * from {{ source('autotask', 'autotask__time_entries') }}
),

staged_time as (
    select * from {{ ref('stg_autotask__time_entries') }}
),

staged_tickets as (
    select * from {{ ref('stg_autotask__tickets') }}
),

company_records as (
    select
        'contracts' as entity,
        record_id,
        record ->> '$.companyID' as company_id,
        _source_file as source_file
    from {{ source('autotask', 'autotask__contracts') }}
    union all
    select
        'tickets' as entity,
        record_id,
        record ->> '$.companyID' as company_id,
        _source_file as source_file
    from {{ source('autotask', 'autotask__tickets') }}
    union all
    select
        'billing_items' as entity,
        record_id,
        record ->> '$.companyID' as company_id,
        _source_file as source_file
    from {{ source('autotask', 'autotask__billing_items') }}
),

unmatched_companies as (
    select
        company_records.entity,
        company_records.record_id,
        'company ' || company_records.company_id || ' is not in client_map.csv' as reason,
        company_records.source_file
    from company_records
    anti join client_map
        on company_records.company_id = client_map.company_id
),

unknown_contract_types as (
    select
        'contracts' as entity,
        contracts.record_id,
        'contract type ' || (contracts.record ->> '$.contractType')
        || ' is not in seed agreement_type_support_models' as reason,
        contracts._source_file as source_file
    from contracts
    semi join client_map
        on contracts.record ->> '$.companyID' = client_map.company_id
    anti join staged_agreements
        on contracts.record_id = staged_agreements.agreement_id
),

unmatched_time as (
    select
        'time_entries' as entity,
        time_entries.record_id,
        'neither ticket ' || coalesce(time_entries.record ->> '$.ticketID', '-') || ' nor contract '
        || coalesce(time_entries.record ->> '$.contractID', '-') || ' belongs to a mapped company' as reason,
        time_entries._source_file as source_file
    from time_entries
    anti join staged_time
        on time_entries.record_id = staged_time.time_entry_id
),

unknown_priorities as (
    select
        'tickets' as entity,
        ticket_id as record_id,
        'priority label is not in seed vendor_priorities' as reason,
        source_file
    from staged_tickets
    where priority is null
)

select
    'autotask' as source_system,
    entity,
    record_id,
    reason,
    source_file
from (
    select * from unmatched_companies
    union all
    select * from unknown_contract_types
    union all
    select * from unmatched_time
    union all
    select * from unknown_priorities
) as unmatched
