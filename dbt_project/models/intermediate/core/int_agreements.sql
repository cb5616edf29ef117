{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__agreements',
    'stg_autotask__agreements',
    'stg_connectwise__agreements',
    'stg_halopsa__agreements',
]) }}
