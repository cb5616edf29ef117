{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__monitoring_events',
    'stg_datto_rmm__monitoring_events',
    'stg_ninjaone__monitoring_events',
    'stg_prtg__monitoring_events',
    'stg_zabbix__monitoring_events',
]) }}
