-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that macros render into each other)
{#-
    The large facts (int_monitoring_events, int_tickets, int_time_entries) are incremental:
    a build converts only the raw rows loaded since the last build, plus every row of a client
    whose timezone changed (a naive timestamp is read in the client's timezone).

    Bookkeeping columns, exposed by the generic staging views:
      _loaded_at        raw._loaded_at of the row (ingest stamps a replaced row anew);
      _client_timezone  the timezone its naive timestamps were read in.
    A staging model without them (vendor adapters, union by name gives NULL) is always new:
    its rows are deleted and inserted again on every build (`incremental_fact_prune`), so a
    vendor row that its staging model stops producing does not linger.

    Strategy delete+insert on the natural key, source_system included. `--full-refresh`
    rebuilds the table from scratch; a table from before these columns existed is refilled
    whole once (on_schema_change adds the columns).
-#}

{#-
    The config of one incremental fact, keyed by (source_system, id_column). Call it from the
    model; its `-- depends_on: {{ ref('stg_shared__client_timezones') }}` stays in the model.
-#}
{% macro incremental_fact_config(id_column) -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['source_system', id_column],
        on_schema_change='sync_all_columns',
        pre_hook="{{ incremental_fact_prune() }}",
    ) }}
{%- endmacro %}

{#- True when the existing table has the bookkeeping columns (it was built by this design). -#}
{% macro incremental_fact_is_tracked() -%}
    {%- if not is_incremental() -%}
        {{ return(false) }}
    {%- elif adapter is not defined -%}
        {{ return(true) }}  {#- a linter rendering the SQL without dbt: show the incremental branch -#}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    {{ return('_loaded_at' in names and '_client_timezone' in names) }}
{%- endmacro %}

{#- Pre-hook: rows without a load time (vendor staging) are rebuilt on every run. -#}
{% macro incremental_fact_prune() -%}
    {%- if incremental_fact_is_tracked() -%}
        delete from {{ this }} where _loaded_at is null
    {%- endif -%}
{%- endmacro %}

{#-
    The model's SQL: union of the staging models (macro union_sources); on an incremental run
    only rows loaded after the newest row already in the table, rows without a load time, and
    rows of clients whose timezone is not the one their rows were converted in.
    client_timezones: relation with (client_id, timezone), the current timezone of each client.

    The newest load time and the retimed clients are read first and written into the SQL as
    literals: a filter of plain comparisons is pushed into the raw scans under the staging
    views, so the week's rows alone are converted (a filter on a subquery ran after converting
    every row: 0.19 s instead of 0.03 s per fact at 300 clients, every build).
-#}
{% macro incremental_union_sources(staging_models, client_timezones) %}
{%- set tracked = incremental_fact_is_tracked() -%}
-- noqa: disable=LT02
with unioned as (
    {{ union_sources(staging_models) }}
)
-- noqa: enable=LT02

select unioned.*
from unioned
{%- if tracked %}
{%- set since = incremental_fact_newest_load() %}
{%- set retimed = incremental_fact_retimed_clients(client_timezones) %}
where
    unioned._loaded_at is null
    or unioned._loaded_at > cast('{{ since }}' as timestamp)
    {%- if retimed %}
    or unioned.client_id in ({% for client_id in retimed %}'{{ client_id | replace("'", "''") }}'{{ ", " if not loop.last }}{% endfor %})
    {%- endif %}
{%- endif %}
{%- endmacro %}

{#- The newest _loaded_at in the table (text), or '-infinity'. -#}
{% macro incremental_fact_newest_load() -%}
    {%- if adapter is not defined or not execute -%}
        {{ return('-infinity') }}
    {%- endif -%}
    {%- set newest = run_query(
        "select coalesce(cast(max(_loaded_at) as varchar), '-infinity') from " ~ this
    ).columns[0].values()[0] -%}
    {{ return(newest) }}
{%- endmacro %}

{#- Clients whose rows in the table were converted in a timezone that is no longer theirs. -#}
{% macro incremental_fact_retimed_clients(client_timezones) -%}
    {%- if adapter is not defined or not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set retimed -%}
        select distinct converted_in.client_id
        from (
            select distinct client_id, _client_timezone
            from {{ this }}
            where _loaded_at is not null
        ) as converted_in
        left join {{ client_timezones }} as current_timezones
            on converted_in.client_id = current_timezones.client_id
        where converted_in._client_timezone
            is distinct from coalesce(current_timezones.timezone, 'UTC')
        order by 1
    {%- endset -%}
    {{ return(run_query(retimed).columns[0].values() | list) }}
{%- endmacro %}
