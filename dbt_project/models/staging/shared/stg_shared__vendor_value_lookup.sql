{#-
    One map per (vendor, field): matching key -> warehouse value. The staging models look vendor
    values up here (macro vendor_value). A key listed twice (rows differing only in case or
    blanks) keeps the smallest value; the row_contract test on stg_shared__vendor_value_map names it.
-#}
with value_map as (
    select * from {{ ref('stg_shared__vendor_value_map') }}
),

first_per_key as (
    select
        vendor,
        field,
        vendor_key,
        min(value) as value  -- noqa: RF04
    from value_map
    where vendor_key is not null and value is not null
    group by vendor, field, vendor_key
)

select
    vendor,
    field,
    map_from_entries(list({ 'k': vendor_key, 'v': value })) as lookup
from first_per_key
group by vendor, field
