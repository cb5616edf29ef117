{#-
    The staging models that map vendor values, and which fields each maps (macros/vendor_values.sql).
    Each model listed exposes `_vendor_<field>` (the vendor's own text) for every field here, and
    `_vendor_record_id`. An adapter adds its models; vendor_values and
    vendor_mapping_coverage count them.
-#}
{% macro vendor_value_columns() -%}
    {{ return({
        'stg_connectwise__agreements': ['support_model', 'billing_months'],
        'stg_connectwise__tickets': ['ticket_type', 'source', 'priority', 'status'],
        'stg_connectwise__time_entries': ['work_type'],
        'stg_autotask__agreements': ['support_model', 'billing_months'],
        'stg_autotask__tickets': ['ticket_type', 'source', 'priority', 'status'],
        'stg_autotask__time_entries': ['work_type'],
        'stg_halopsa__agreements': ['support_model', 'billing_months'],
        'stg_halopsa__tickets': ['ticket_type', 'source', 'priority', 'status'],
        'stg_halopsa__time_entries': ['work_type'],
        'stg_halopsa__invoice_lines': ['line_type'],
        'stg_ninjaone__devices': ['device_type'],
        'stg_ninjaone__monitoring_events': ['severity'],
        'stg_datto_rmm__devices': ['device_type'],
        'stg_datto_rmm__monitoring_events': ['severity'],
        'stg_zabbix__devices': ['device_type'],
        'stg_zabbix__monitoring_events': ['severity'],
        'stg_prtg__devices': ['device_type'],
        'stg_prtg__monitoring_events': ['severity'],
    }) }}
{%- endmacro %}
