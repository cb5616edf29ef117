-- noqa: disable=LT02
-- (the layout rule cannot follow the indentation of SQL that a generic test renders)
{#-
    The columns a model requires, in one query: a row with a NULL in any of them fails, and the
    result names the columns that are NULL. One node for all of a model's required columns (each
    dbt test node costs fixed time and a Dagster asset check); the key columns are checked by the key test (unique_combination_of_columns).
-#}
{% test not_null_columns(model, columns) %}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error("not_null_columns on " ~ model ~ " needs columns") }}
    {%- endif %}

select
    {%- for column in columns %}
    {{ column }},
    {%- endfor %}
    concat_ws(
        ', '
        {%- for column in columns %},
        case when {{ column }} is null then '{{ column }} is null' end
        {%- endfor %}
    ) as problem
from {{ model }}
where
    {%- for column in columns %}
    {% if not loop.first %}or {% endif %}{{ column }} is null
    {%- endfor %}

{% endtest %}
