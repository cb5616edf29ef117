{#-
    One row per value of a vendor field that its mapping seed does not know: the value (or
    '(missing)'), how many records carry it and one example record. The records are kept, with
    the seed's default (docs/vendors.md); the test <vendor>_values_are_mapped warns with them.

    values_relation: a relation with record_id, value (the vendor's text) and is_mapped.
-#}
{% macro unmapped_values(vendor, entity, field, values_relation) -%}
    select
        '{{ vendor }}' as source_system,
        '{{ entity }}' as entity,
        '{{ field }}' as field,
        coalesce(value, '(missing)') as value,
        count(*) as records,
        min(record_id) as example_record_id
    from {{ values_relation }}
    where not is_mapped
    group by value
{%- endmacro %}
