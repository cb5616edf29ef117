{#-
    The per-client settings every PSA's client_map.csv carries next to the id mapping
    (ConnectWise, Autotask, HaloPSA have no field for them): the client's IANA timezone
    (blank -> UTC), downtime cost per hour (currency text such as "$1,200.00" -> decimal)
    and the report recipients. Columns for the select list of a model reading that file.
-#}
{% macro psa_client_settings() -%}
    coalesce(nullif(trim(record ->> 'timezone'), ''), 'UTC') as timezone,
        cast(
            nullif(regexp_replace(record ->> 'downtime_cost_per_hour', '[^0-9.\-]', '', 'g'), '')
            as decimal(18, 2)
        ) as downtime_cost_per_hour,
        nullif(trim(record ->> 'report_recipients'), '') as report_recipients
{%- endmacro %}
