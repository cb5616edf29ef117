{#- One staging model per source system; an adapter adds its line. -#}
{{ union_sources([
    'stg_generic__invoice_lines',
    'stg_autotask__invoice_lines',
    'stg_connectwise__invoice_lines',
    'stg_halopsa__invoice_lines',
]) }}
