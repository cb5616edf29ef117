{#-
    The picklists of tickets (Tickets/entityInformation/fields) and contracts
    (Contracts/entityInformation/fields) flattened: (entity, field, value) -> label.
-#}
with field_files as (
    select
        'tickets' as entity,
        record_id as field_name,
        record
    from {{ source('autotask', 'autotask__ticket_fields') }}
    union all
    select
        'contracts' as entity,
        record_id as field_name,
        record
    from {{ source('autotask', 'autotask__contract_fields') }}
),

picklist_values as (
    select
        entity,
        field_name,
        unnest(json_extract(record, '$.picklistValues[*]')) as picklist_entry
    from field_files
)

select
    entity,
    lower(field_name) as field_name,
    picklist_entry ->> '$.value' as picklist_value,
    picklist_entry ->> '$.label' as picklist_label
from picklist_values
