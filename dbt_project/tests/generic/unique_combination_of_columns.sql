-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that a generic test renders)
{#-
    A model's composite key: no two rows share the combination (NULLs compare equal). The same
    name and arguments as dbt_utils' test (no hub packages here), so that dbt infers the model's
    primary key from it and dbt-project-evaluator counts it (var primary_key_test_macros).
    Returns one row per duplicated combination, with how many rows share it.
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
having count(*) > 1

{% endtest %}
