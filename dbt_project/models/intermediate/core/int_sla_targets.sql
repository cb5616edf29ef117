{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__sla_targets',
    'stg_autotask__sla_targets',
    'stg_connectwise__sla_targets',
    'stg_halopsa__sla_targets',
]) }}
