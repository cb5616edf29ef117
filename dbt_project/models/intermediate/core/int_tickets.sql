{#-
    One staging model per source system; an adapter adds its line.
    Incremental (macros/incremental_facts.sql): a build converts only the rows loaded since the
    last one, rows without a load time (vendor staging) and rows of clients whose timezone changed.
-#}
-- depends_on: {{ ref('stg_shared__client_timezones') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['source_system', 'ticket_id'],
    on_schema_change='sync_all_columns',
    pre_hook="{{ incremental_fact_prune() }}",
) }}

{{ incremental_union_sources([
    'stg_generic__tickets',
    'stg_autotask__tickets',
    'stg_connectwise__tickets',
    'stg_halopsa__tickets',
], ref('stg_shared__client_timezones')) }}
