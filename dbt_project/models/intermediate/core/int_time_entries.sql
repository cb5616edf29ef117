{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__time_entries',
    'stg_autotask__time_entries',
    'stg_connectwise__time_entries',
]) }}
