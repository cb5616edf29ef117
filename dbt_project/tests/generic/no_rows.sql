{#- Fails (or warns, with severity warn) with the model's row count when the model has any row. -#}
{% test no_rows(model) %}
select * from {{ model }}
{% endtest %}
