{#-
    One staging model per source system; an adapter adds its line.
    Incremental (macros/incremental_facts.sql): a build converts only the rows loaded since the
    last one, rows without a load time (vendor staging) and rows of clients whose timezone changed.
-#}
-- depends_on: {{ ref('stg_shared__client_timezones') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'time_entry_id'],
    on_schema_change='sync_all_columns',
    pre_hook="{{ incremental_fact_prune() }}",
) }}

{{ incremental_union_sources([
    'stg_generic__time_entries',
    'stg_autotask__time_entries',
    'stg_connectwise__time_entries',
    'stg_halopsa__time_entries',
], ref('stg_shared__client_timezones')) }}
