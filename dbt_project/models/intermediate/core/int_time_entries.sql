{#-
    One staging model per source system; an adapter adds its line.
    Incremental (macros/incremental_facts.sql): a build converts only the rows loaded since the
    last one, rows without a load time (vendor staging) and rows of clients whose timezone changed.
-#}
-- depends_on: {{ ref('stg_shared__client_timezones') }}
{{ incremental_fact_config('time_entry_id') }}

{{ incremental_union_sources([
    'stg_generic__time_entries',
    'stg_autotask__time_entries',
    'stg_connectwise__time_entries',
    'stg_halopsa__time_entries',
], ref('stg_shared__client_timezones')) }}
