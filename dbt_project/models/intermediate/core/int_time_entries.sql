{{ union_sources(['stg_generic__time_entries']) }}
