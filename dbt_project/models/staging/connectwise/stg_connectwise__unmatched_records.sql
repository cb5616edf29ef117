{#-
    ConnectWise records the other models leave out, so nothing is dropped silently: records of a
    company missing from client_map.csv. (Values the seeds do not know are mapped to a default and
    listed in stg_shared__unmapped_vendor_values instead.)
-#}
{%- set company = "'company ' || coalesce(raw_records.record ->> '$.company.identifier', '') || ' (id '
    || coalesce(raw_records.record ->> '$.company.id', '-') || ') is not in client_map.csv'" %}

{{ unmatched_records('connectwise', [
    {'entity': 'agreements', 'raw': 'agreements', 'staged': 'stg_connectwise__agreements', 'reason': company},
    {'entity': 'tickets', 'raw': 'tickets', 'staged': 'stg_connectwise__tickets', 'reason': company},
    {'entity': 'time_entries', 'raw': 'time_entries', 'staged': 'stg_connectwise__time_entries', 'reason': company},
    {'entity': 'invoices', 'raw': 'invoices', 'staged': 'stg_connectwise__invoice_lines', 'reason': company},
]) }}
