{#-
    A HaloPSA record's custom fields as a map: lower-cased label (else name) -> text. A select-type
    field carries its option's text in `display` and the option id in `value`; the text is kept.
-#}
{% macro halo_custom_fields(record) -%}
    map_from_entries(
        list_transform(
            json_extract({{ record }}, '$.customfields[*]'),
            lambda f: {
                'k': lower(trim(coalesce(f ->> 'label', f ->> 'name'))),
                'v': nullif(trim(coalesce(f ->> 'display', f ->> 'value')), '')
            }
        )
    )
{%- endmacro %}
