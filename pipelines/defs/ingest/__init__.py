import dagster as dg

from pipelines.defs.ingest.assets import ingest_landing_files, landing_files

# In the UI, "observe" the landing folder: each raw table whose files changed shows as stale.
observe_landing = dg.define_asset_job(
    "observe_landing",
    selection=dg.AssetSelection.assets(landing_files),
    description="Hash the landing folder's files: a data version per entity, nothing loaded.",
)

defs = dg.Definitions(assets=[landing_files, ingest_landing_files], jobs=[observe_landing])
