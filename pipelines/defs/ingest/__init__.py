import dagster as dg

from pipelines.defs.ingest.assets import ingest_landing_files, landing_specs

defs = dg.Definitions(assets=[*landing_specs(), ingest_landing_files])
