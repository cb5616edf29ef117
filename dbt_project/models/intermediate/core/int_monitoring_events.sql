{#-
    One staging model per source system; an adapter adds its line.
    Incremental (macros/incremental_facts.sql): a build converts only the rows loaded since the
    last one, rows without a load time (vendor staging) and rows of clients whose timezone changed.
-#}
-- depends_on: {{ ref('stg_shared__client_timezones') }}
{{ incremental_fact_config('event_id') }}

{{ incremental_union_sources([
    'stg_generic__monitoring_events',
    'stg_datto_rmm__monitoring_events',
    'stg_ninjaone__monitoring_events',
    'stg_prtg__monitoring_events',
    'stg_zabbix__monitoring_events',
], ref('stg_shared__client_timezones')) }}
