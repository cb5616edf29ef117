{#- seeds/vendor_value_map.csv with each vendor value's matching key (macros/vendor_values.sql). -#}
with value_map as (
    select * from {{ ref('vendor_value_map') }}
)

select
    lower(trim(vendor)) as vendor,
    lower(trim(field)) as field,
    vendor_value,
    {{ vendor_value_key('vendor_value') }} as vendor_key,
    nullif(trim(value), '') as value  -- noqa: RF04
from value_map
