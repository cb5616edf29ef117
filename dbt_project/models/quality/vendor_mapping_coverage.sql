{#-
    Per vendor source: records, records whose every mapped value the seed knows, records left
    out for want of a client. The build summary prints it (pipelines/ingest/vendors/mapping_report.py).
-#}

{{ config(materialized='lean_table') }}

{{ vendor_mapping_coverage(vendor_value_columns()) }}
