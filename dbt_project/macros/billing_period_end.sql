{#-
    The last day a recurring charge dated `charged_on` covers, for PSAs whose invoices carry no
    service period (ConnectWise agreement invoices, Autotask recurring-service billing items):
    the end of the calendar block of `months` months that holds the date (a month, a quarter
    Jan-Mar..., a half-year, a year; the PSAs prorate a first charge up to that boundary), cut at
    the agreement's end date. `months` NULL counts as 1.
-#}
{% macro billing_period_end(charged_on, months, agreement_end) -%}
    least(
        {{ agreement_end }},
        cast(
            make_date(
                year({{ charged_on }}),
                (month({{ charged_on }}) - 1) // coalesce({{ months }}, 1) * coalesce({{ months }}, 1) + 1,
                1
            ) + to_months(coalesce({{ months }}, 1)) - interval 1 day as date
        )
    )
{%- endmacro %}
