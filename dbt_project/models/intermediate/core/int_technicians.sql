{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__technicians',
    'stg_autotask__technicians',
    'stg_connectwise__technicians',
    'stg_halopsa__technicians',
]) }}
