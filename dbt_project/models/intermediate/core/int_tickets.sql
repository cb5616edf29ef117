{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__tickets',
    'stg_autotask__tickets',
    'stg_connectwise__tickets',
]) }}
