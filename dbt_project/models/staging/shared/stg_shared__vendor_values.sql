{#-
    Every value a vendor's records carry in a mapped field (ticket type, source, priority, ...):
    what it maps to, whether seeds/vendor_value_map.csv knows it, how many records carry it and
    an example record. A table, so the build summary and the MSP read it cheaply.
-#}
{{ config(materialized='table') }}

{{ vendor_values_seen(vendor_value_columns()) }}
