{#-
    For each row of `events` (a relation or CTE name with key_column, client_id and ts_column),
    the agreement in force at ts_column: covers_from <= ts < covers_until (open end = NULL).
    Several in force: the later start_date wins, then the larger agreement_id. Rows with no
    agreement keep agreement_id NULL and support_model 'unassigned'.
-#}
{% macro agreement_in_force(events, key_column, ts_column, coverage="coverage") -%}
    select
        {{ events }}.{{ key_column }},
        {{ coverage }}.agreement_id,
        coalesce({{ coverage }}.support_model, 'unassigned') as support_model
    from {{ events }}
    left join {{ coverage }}
        on
            {{ events }}.client_id = {{ coverage }}.client_id
            and {{ events }}.{{ ts_column }} >= {{ coverage }}.covers_from
            and ({{ coverage }}.covers_until is null or {{ events }}.{{ ts_column }} < {{ coverage }}.covers_until)
    qualify row_number() over (
        partition by {{ events }}.{{ key_column }}
        order by {{ coverage }}.start_date desc nulls last, {{ coverage }}.agreement_id desc nulls last
    ) = 1
{%- endmacro %}
