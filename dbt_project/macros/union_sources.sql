{#-
    One int_<entity> model = the staging models of every source system, unioned by column
    name, with source_system taken from the model name (stg_<source>__<entity>s).
    Adding a vendor adapter = adding its staging model name to the list. A vendor model's
    `_vendor_` columns (its own values before mapping, macros/vendor_values.sql) stay behind.
-#}
{% macro union_sources(staging_models) -%}
    {% for staging_model in staging_models -%}
        {%- if not loop.first %}
        union all by name
        {% endif -%}
        select
            '{{ staging_model.split("__")[0][4:] }}' as source_system,
            columns(lambda c: not starts_with(c, '_vendor_'))
        from {{ ref(staging_model) }}
    {%- endfor %}
{%- endmacro %}
