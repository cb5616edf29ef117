{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__clients',
    'stg_autotask__clients',
    'stg_connectwise__clients',
    'stg_halopsa__clients',
]) }}
