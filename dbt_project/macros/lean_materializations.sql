-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that materializations render)
{#-
    `lean_table` and `lean_view`: table and view materializations for DuckDB with one DDL
    statement per model. Opt-in names (dbt_project.yml sets them per folder), so that
    `materialized='table'` or `'view'` in a model still means dbt-duckdb's own.

    dbt-duckdb's own (and dbt-core's default view) build `<name>__dbt_tmp`, rename the old
    relation to `<name>__dbt_backup`, rename the new one into place, commit, then drop the
    backup: four to five statements, each a round of dbt's Python (events, logging, relation
    cache). DuckDB has transactional DDL, so `create or replace` inside the model's
    transaction is as atomic: readers see the old relation until the commit, and a failed
    build rolls back and leaves it in place. Views in DuckDB bind their tables by name at
    query time, so replacing a table does not break the views on it.

    Kept from the adapter's versions: contract enforcement (the column check and the
    constraints in the DDL, through the same macros), pre/post hooks inside and outside the
    transaction, grants, persist_docs, the relation cache.
    Not supported (the adapter's materialization is needed for them): Python models,
    partitioned_by/sorted_by, indexes, foreign-key constraints, DuckLake, external
    materializations. A model using one of them fails at compile rather than silently differing:
    give it `materialized='table'` (or `'view'`), dbt-duckdb's own.
-#}

{% materialization lean_table, adapter='duckdb', supported_languages=['sql'] %}
  {{ lean_guard_unsupported() }}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set grant_config = config.get('grants') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  -- `BEGIN` happens here (the first statement in the transaction):
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {{ lean_drop_other_type(existing_relation, 'table') }}

  {% call statement('main') -%}
    {{ lean_create_table_as(target_relation, compiled_code,
                            replace=(existing_relation is not none and existing_relation.is_table)) }}
  {%- endcall %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) %}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
  {% do persist_docs(target_relation, model) %}

  {{ adapter.commit() }}

  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}


{% materialization lean_view, adapter='duckdb' %}
  {{ lean_guard_unsupported() }}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='view') -%}
  {%- set grant_config = config.get('grants') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  -- `BEGIN` happens here (the first statement in the transaction):
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {{ lean_drop_other_type(existing_relation, 'view') }}

  {% call statement('main') -%}
    {{ lean_create_view_as(target_relation, sql,
                           replace=(existing_relation is not none and existing_relation.is_view)) }}
  {%- endcall %}

  {% set should_revoke = should_revoke(existing_relation, full_refresh_mode=True) %}
  {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
  {% do persist_docs(target_relation, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}

  {{ adapter.commit() }}

  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}


{#- A relation of the other type under the model's name: drop it inside the transaction. -#}
{% macro lean_drop_other_type(existing_relation, type) %}
  {%- if existing_relation is not none and existing_relation.type != type -%}
    {% call statement('drop_relation') -%}
      drop {{ existing_relation.type }} if exists {{ existing_relation }} cascade
    {%- endcall %}
    {% do adapter.cache_dropped(existing_relation) %}
  {%- endif -%}
{% endmacro %}


{#- duckdb__create_table_as (SQL models), with `or replace`. -#}
{% macro lean_create_table_as(relation, compiled_code, replace) -%}
  {%- set contract_config = config.get('contract') -%}
  {%- if contract_config.enforced -%}
    {{ get_assert_columns_equivalent(compiled_code) }}
  {%- endif -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create {% if replace %}or replace {% endif %}table {{ relation }}
  {%- if contract_config.enforced %}
    {{ get_table_columns_and_constraints() }} ;
    insert into {{ relation }} {{ get_column_names() }} (
      {{ get_select_subquery(compiled_code) }}
    );
  {%- else %}
    as (
      {{ compiled_code }}
    );
  {%- endif %}
{%- endmacro %}


{#- duckdb__create_view_as, with `or replace`. -#}
{% macro lean_create_view_as(relation, sql, replace) -%}
  {%- set contract_config = config.get('contract') -%}
  {%- if contract_config.enforced -%}
    {{ get_assert_columns_equivalent(sql) }}
  {%- endif -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create {% if replace %}or replace {% endif %}view {{ relation }} as (
    {{ sql }}
  );
{%- endmacro %}


{% macro lean_guard_unsupported() %}
  {%- for key in ['partitioned_by', 'sorted_by', 'indexes', 'location', 'format'] -%}
    {%- if config.get(key) -%}
      {% do exceptions.raise_compiler_error(
          "macros/lean_materializations.sql does not support `" ~ key ~ "`: "
          ~ "remove it, or give the model materialized='table' (dbt-duckdb's own)") %}
    {%- endif -%}
  {%- endfor -%}
  {%- for column in model.get('columns', {}).values() -%}
    {%- for constraint in column.get('constraints', []) -%}
      {%- if constraint.get('type') == 'foreign_key' -%}
        {% do exceptions.raise_compiler_error(
            "macros/lean_materializations.sql does not support foreign-key constraints") %}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for constraint in model.get('constraints', []) -%}
    {%- if constraint.get('type') == 'foreign_key' -%}
      {% do exceptions.raise_compiler_error(
          "macros/lean_materializations.sql does not support foreign-key constraints") %}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
