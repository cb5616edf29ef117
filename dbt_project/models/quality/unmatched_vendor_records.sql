-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that macros render)
{#-
    Vendor records that staging leaves out, with the reason (macro unmatched_records), so that
    nothing is dropped silently: a PSA's records of a company or client that client_map.csv does
    not name (time entries and actions, which carry no company: whose ticket and contract belong
    to no mapped one), and a monitoring tool's devices of no mapped client and alerts of devices
    it does not know. Values the seeds do not know are not left out: they take their field's
    default and are listed in quality.unmapped_vendor_values.
    A table, like the other vendor reports: a vendor without raw rows is left out of its SQL, so
    it is rebuilt whenever a raw table it reads changes.
-#}
{{ config(materialized='lean_table') }}
{%- set psa_company = "'company ' || coalesce(raw_records.record ->> '$.company.identifier', '') || ' (id '
    || coalesce(raw_records.record ->> '$.company.id', '-') || ') is not in client_map.csv'" %}
{%- set autotask_company = "'company ' || coalesce(raw_records.record ->> '$.companyID', '-')
    || ' is not in client_map.csv'" %}
{%- set autotask_time_client = "'neither ticket ' || coalesce(raw_records.record ->> '$.ticketID', '-')
    || ' nor contract ' || coalesce(raw_records.record ->> '$.contractID', '-') || ' belongs to a mapped company'" %}
{%- set halo_client = "'client id ' || coalesce(raw_records.record ->> '$.client_id', '(none)')
    || ' is not in client_map.csv'" %}
{%- set halo_action_client = "'neither ticket ' || coalesce(raw_records.record ->> '$.ticket_id', '-')
    || ' nor contract ' || coalesce(raw_records.record ->> '$.action_contract_id', '-')
    || ' belongs to a client in client_map.csv'" %}

{{ unmatched_records('connectwise', [
    {'entity': 'agreements', 'raw': 'agreements', 'staged': 'stg_connectwise__agreements', 'reason': psa_company},
    {'entity': 'tickets', 'raw': 'tickets', 'staged': 'stg_connectwise__tickets', 'reason': psa_company},
    {'entity': 'time_entries', 'raw': 'time_entries', 'staged': 'stg_connectwise__time_entries', 'reason': psa_company},
    {'entity': 'invoices', 'raw': 'invoices', 'staged': 'stg_connectwise__invoice_lines', 'reason': psa_company},
]) }}
union all
{{ unmatched_records('autotask', [
    {'entity': 'contracts', 'raw': 'contracts', 'staged': 'stg_autotask__agreements', 'reason': autotask_company},
    {'entity': 'tickets', 'raw': 'tickets', 'staged': 'stg_autotask__tickets', 'reason': autotask_company},
    {'entity': 'time_entries', 'raw': 'time_entries', 'staged': 'stg_autotask__time_entries', 'reason': autotask_time_client},
    {'entity': 'billing_items', 'raw': 'billing_items', 'staged': 'stg_autotask__invoice_lines', 'reason': autotask_company},
]) }}
union all
{{ unmatched_records('halopsa', [
    {'entity': 'contracts', 'raw': 'contracts', 'staged': 'stg_halopsa__agreements', 'reason': halo_client},
    {'entity': 'tickets', 'raw': 'tickets', 'staged': 'stg_halopsa__tickets', 'reason': halo_client},
    {'entity': 'actions', 'raw': 'actions', 'staged': 'stg_halopsa__time_entries', 'reason': halo_action_client},
    {'entity': 'invoices', 'raw': 'invoices', 'staged': 'stg_halopsa__invoice_lines', 'reason': halo_client},
]) }}
union all
{{ unmatched_records('ninjaone', [
    {'entity': 'devices', 'raw': 'devices', 'staged': 'stg_ninjaone__devices', 'staged_key': 'device_id',
     'reason': "'organization ' || (raw_records.record ->> '$.organizationId') || ' is not in client_map.csv'"},
    {'entity': 'activities', 'raw': 'activities', 'staged': 'stg_ninjaone__devices', 'staged_key': 'device_id',
     'raw_key': "raw_records.record ->> '$.deviceId'",
     'reason': "'device ' || (raw_records.record ->> '$.deviceId') || ' is not a device of a mapped organization'"},
]) }}
union all
{{ unmatched_records('datto_rmm', [
    {'entity': 'devices', 'raw': 'devices', 'staged': 'stg_datto_rmm__devices', 'staged_key': 'device_id',
     'reason': "'site ' || coalesce(raw_records.record ->> '$.siteName', '') || ' (' || (raw_records.record ->> '$.siteUid')
        || ') is not in client_map.csv'"},
    {'entity': 'alerts', 'raw': 'alerts', 'staged': 'stg_datto_rmm__devices', 'staged_key': 'device_id',
     'raw_key': "raw_records.record ->> '$.alertSourceInfo.deviceUid'",
     'reason': "'device ' || (raw_records.record ->> '$.alertSourceInfo.deviceUid') || ' is not a device of a mapped site'"},
]) }}
union all
{{ unmatched_records('zabbix', [
    {'entity': 'hosts', 'raw': 'hosts', 'staged': 'stg_zabbix__devices', 'staged_key': 'device_id',
     'reason': "'host ' || (raw_records.record ->> '$.host') || ' is in no host group of client_map.csv'"},
    {'entity': 'events', 'raw': 'events', 'staged': 'stg_zabbix__monitoring_events', 'staged_key': 'event_id',
     'where': "raw_records.record ->> '$.value' = '1'",
     'reason': "'host ' || coalesce(raw_records.record ->> '$.hosts[0].hostid', '(none)') || ' of trigger '
        || (raw_records.record ->> '$.objectid') || ' is unknown or has no client'"},
    {'entity': 'problems', 'raw': 'problems', 'staged': 'stg_zabbix__monitoring_events', 'staged_key': 'event_id',
     'reason': "'trigger ' || (raw_records.record ->> '$.objectid') || ' is not in triggers.json or its host has no client'"},
]) }}
union all
{{ unmatched_records('prtg', [
    {'entity': 'devices', 'raw': 'devices', 'staged': 'stg_prtg__devices', 'staged_key': 'device_id',
     'reason': "'group ' || coalesce(raw_records.record ->> '$.group', '') || ' (' || (raw_records.record ->> '$.parentid')
        || ') is not in client_map.csv'"},
    {'entity': 'sensors', 'raw': 'sensors', 'staged': 'stg_prtg__devices', 'staged_key': 'device_id',
     'raw_key': "raw_records.record ->> '$.parentid'",
     'reason': "'device ' || (raw_records.record ->> '$.parentid') || ' is not a device of a mapped group'"},
]) }}
