{{ union_sources(['stg_generic__invoice_lines']) }}
