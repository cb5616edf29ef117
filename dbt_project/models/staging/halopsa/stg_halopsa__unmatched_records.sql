{#-
    HaloPSA records the other models leave out, so nothing is dropped silently: records of a
    client missing from client_map.csv, and actions whose ticket is unknown or belongs to such a
    client (actions carry no client). Values the seeds do not know are mapped to a default and
    listed in stg_shared__unmapped_vendor_values instead.
-#}
{%- set client = "'client id ' || coalesce(raw_records.record ->> '$.client_id', '(none)')
    || ' is not in client_map.csv'" %}
{%- set action_client = "'neither ticket ' || coalesce(raw_records.record ->> '$.ticket_id', '-')
    || ' nor contract ' || coalesce(raw_records.record ->> '$.action_contract_id', '-')
    || ' belongs to a client in client_map.csv'" %}

{{ unmatched_records('halopsa', [
    {'entity': 'contracts', 'raw': 'contracts', 'staged': 'stg_halopsa__agreements', 'reason': client},
    {'entity': 'tickets', 'raw': 'tickets', 'staged': 'stg_halopsa__tickets', 'reason': client},
    {'entity': 'actions', 'raw': 'actions', 'staged': 'stg_halopsa__time_entries', 'reason': action_client},
    {'entity': 'invoices', 'raw': 'invoices', 'staged': 'stg_halopsa__invoice_lines', 'reason': client},
]) }}
