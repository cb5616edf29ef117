{#- Tickets/entityInformation/fields flattened: (field, value) -> label of every ticket picklist. -#}
with ticket_fields as (
    select * from {{ source('autotask', 'autotask__ticket_fields') }}
),

picklist_values as (
    select
        record_id as field_name,
        unnest(json_extract(record, '$.picklistValues[*]')) as picklist_entry
    from ticket_fields
)

select
    lower(field_name) as field_name,
    picklist_entry ->> '$.value' as picklist_value,
    picklist_entry ->> '$.label' as picklist_label
from picklist_values
