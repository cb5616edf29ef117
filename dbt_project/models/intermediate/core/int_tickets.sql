{{ union_sources(['stg_generic__tickets']) }}
