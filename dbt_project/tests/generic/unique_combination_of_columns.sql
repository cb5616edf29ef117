-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that a generic test renders)
{#-
    A model's key, single or composite, in one test node: no two rows share the combination and
    no key column is NULL. dbt_utils' name and arguments (no hub packages here), so that dbt
    infers the model's primary key from it and dbt-project-evaluator counts it (var
    primary_key_test_macros); unlike dbt_utils' test it also rejects a NULL key part, which
    dbt_utils leaves to a not_null test per column: one node instead of two (each dbt test node
    costs fixed time and three Dagster events).
    Returns one row per duplicated or NULL-holding combination, with how many rows have it.
-#}
{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}
    {%- if quote_columns -%}
        {%- set columns = [] -%}
        {%- for column in combination_of_columns -%}
            {%- do columns.append(adapter.quote(column)) -%}
        {%- endfor -%}
    {%- else -%}
        {%- set columns = combination_of_columns -%}
    {%- endif %}

select
    {{ columns | join(',\n    ') }},
    count(*) as rows_with_key
from {{ model }}
group by {{ columns | join(', ') }}
having
    count(*) > 1
    {%- for column in columns %}
    or {{ column }} is null
    {%- endfor %}

{% endtest %}
