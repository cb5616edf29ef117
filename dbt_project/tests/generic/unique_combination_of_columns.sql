{#- The grain test: no two rows share the values of these columns (NULLs compare equal). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with grouped as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as rows_in_group
    from {{ model }}
    group by all
)

select *
from grouped
where rows_in_group > 1

{% endtest %}
