{#-
    seeds/vendor_value_fields.csv: each mapped field's default (what a value the seed does not
    know becomes) and allowed values. A default of "(vendor value)" keeps the vendor's own text.
-#}
with value_fields as (
    select * from {{ ref('vendor_value_fields') }}
)

select
    lower(trim(field)) as field,
    coalesce(trim(default_value) = '(vendor value)', false) as keeps_vendor_value,
    case when trim(default_value) <> '(vendor value)' then nullif(trim(default_value), '') end as default_value,
    list_transform(
        string_split(nullif(trim(allowed_values), ''), '|'), lambda allowed: trim(allowed)
    ) as allowed_values,
    meaning
from value_fields
