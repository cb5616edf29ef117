{#-
    The vendor values seeds/vendor_value_map.csv does not know: each was given its field's default
    (seeds/vendor_value_fields.csv). Add a row to the seed and the next build maps it.
-#}
with vendor_values as (
    select * from {{ ref('vendor_values') }}
)

select
    source_system,
    field,
    vendor_value,
    records,
    example_record_id,
    example_source_file,
    entity,
    value as default_value_used
from vendor_values
where not is_mapped
