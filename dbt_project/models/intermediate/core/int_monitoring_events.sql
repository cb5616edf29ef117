{{ union_sources(['stg_generic__monitoring_events']) }}
