{#- Values of a column lie in [min_value, max_value] (NULLs pass); percentages use 0 and 100. -#}
{% test accepted_range(model, column_name, min_value, max_value) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}

{% endtest %}
