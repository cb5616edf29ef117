{#-
    Autotask records the other models leave out, so nothing is dropped silently: records of a
    company missing from client_map.csv, and time entries whose ticket and contract belong to no
    mapped company (Autotask time entries carry no company). Values the seeds do not know are
    mapped to a default and listed in stg_shared__unmapped_vendor_values instead.
-#}
{%- set company = "'company ' || coalesce(raw_records.record ->> '$.companyID', '-') || ' is not in client_map.csv'" %}
{%- set time_client = "'neither ticket ' || coalesce(raw_records.record ->> '$.ticketID', '-') || ' nor contract '
    || coalesce(raw_records.record ->> '$.contractID', '-') || ' belongs to a mapped company'" %}

{{ unmatched_records('autotask', [
    {'entity': 'contracts', 'raw': 'contracts', 'staged': 'stg_autotask__agreements', 'reason': company},
    {'entity': 'tickets', 'raw': 'tickets', 'staged': 'stg_autotask__tickets', 'reason': company},
    {'entity': 'time_entries', 'raw': 'time_entries', 'staged': 'stg_autotask__time_entries', 'reason': time_client},
    {'entity': 'billing_items', 'raw': 'billing_items', 'staged': 'stg_autotask__invoice_lines', 'reason': company},
]) }}
