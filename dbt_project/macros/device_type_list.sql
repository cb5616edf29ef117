{#-
    A PSA custom field listing device types ("server|network", "server, network") as the generic
    covered_device_types text: lower case, '|'-separated, blanks dropped; NULL when empty.
-#}
{% macro device_type_list(expression) -%}
    nullif(
        array_to_string(
            list_filter(
                list_transform(
                    regexp_split_to_array({{ expression }}, '[,;|]'), lambda device_type: lower(trim(device_type))
                ),
                lambda device_type: device_type <> ''
            ),
            '|'
        ),
        ''
    )
{%- endmacro %}
