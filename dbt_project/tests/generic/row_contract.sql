{#- A model's row contract in one query: no two rows share the key columns (NULLs compare equal, like
    unique_combination_of_columns) and the not_null columns have no NULL. Returns one row per failing
    key (its columns, rows_with_key, problem), or per row with a NULL when there is no key. -#}
{% test row_contract(model, key=[], not_null=[]) %}
    {%- if not key and not not_null -%}
        {{ exceptions.raise_compiler_error("row_contract on " ~ model ~ " needs key or not_null columns") }}
    {%- endif -%}
    {%- if key %}

select
    {%- for column in key %}
    {{ column }},
    {%- endfor %}
    count(*) as rows_with_key,
    concat_ws(
        ', ',
        case when count(*) > 1 then 'duplicate key' end
        {%- for column in not_null %},
        case when count({{ column }}) < count(*) then '{{ column }} is null' end
        {%- endfor %}
    ) as problem
from {{ model }}
group by {{ key | join(', ') }}
having
    count(*) > 1
    {%- for column in not_null %}
    or count({{ column }}) < count(*)
    {%- endfor %}
    {%- else %}

select
    {%- for column in not_null %}
    {{ column }},
    {%- endfor %}
    concat_ws(
        ', '
        {%- for column in not_null %},
        case when {{ column }} is null then '{{ column }} is null' end
        {%- endfor %}
    ) as problem
from {{ model }}
where
    {%- for column in not_null %}
    {% if not loop.first %}or {% endif %}{{ column }} is null
    {%- endfor %}
    {%- endif %}

{% endtest %}
