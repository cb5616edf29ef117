{{ union_sources(['stg_generic__clients']) }}
