{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__devices',
    'stg_datto_rmm__devices',
    'stg_ninjaone__devices',
    'stg_prtg__devices',
    'stg_zabbix__devices',
]) }}
