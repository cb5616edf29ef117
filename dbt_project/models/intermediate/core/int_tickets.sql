{#-
    One staging model per source system; an adapter adds its line.
    Incremental (macros/incremental_facts.sql): a build converts only the rows loaded since the
    last one, rows without a load time (vendor staging) and rows of clients whose timezone changed.
-#}
-- depends_on: {{ ref('stg_shared__client_timezones') }}
{{ incremental_fact_config('ticket_id') }}

{{ incremental_union_sources([
    'stg_generic__tickets',
    'stg_autotask__tickets',
    'stg_connectwise__tickets',
    'stg_halopsa__tickets',
], ref('stg_shared__client_timezones')) }}
