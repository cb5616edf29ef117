{#-
    Every value a vendor's records carry in a mapped field (ticket type, source, priority, ...):
    what it maps to, whether seeds/vendor_value_map.csv knows it, how many records carry it and
    an example record. A table, read by the build summary; the vendors without raw rows are left
    out of its SQL (macro vendor_models_with_rows), so with no vendor file it costs nothing.
-#}

{{ config(materialized='lean_table') }}

{{ vendor_values_seen(vendor_value_columns()) }}
