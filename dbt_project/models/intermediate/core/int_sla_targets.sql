{{ union_sources(['stg_generic__sla_targets']) }}
