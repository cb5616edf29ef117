{#-
    Every row of the vendor value map names a known field (seeds/vendor_value_fields.csv) and a
    value that field allows. One row per offending seed row.
-#}
{% test vendor_value_map_is_valid(model, fields) %}
select
    value_map.vendor,
    value_map.field,
    value_map.vendor_value,
    value_map.value,
    case
        when value_fields.field is null then 'field is not in vendor_value_fields'
        else 'value is not one of ' || array_to_string(value_fields.allowed_values, ', ')
    end as problem
from {{ model }} as value_map
left join {{ fields }} as value_fields
    on value_map.field = value_fields.field
where
    value_fields.field is null
    or (
        value_fields.allowed_values is not null
        and not list_contains(value_fields.allowed_values, value_map.value)
    )
{% endtest %}
