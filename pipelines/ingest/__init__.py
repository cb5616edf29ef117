"""Ingest: landing files -> schema raw, with quarantine and a file registry. No Dagster here.

Entry points: `ingest(landing_dir, con)` and `ingest_landing(landing_dir, warehouse_path)`,
both returning an `IngestSummary` (print it for the console summary).

Adding a source system (vendor adapter): see `pipelines.ingest.registry` (the
`SourceSystem` shape) and `pipelines.ingest.loader.load_staged` (the staged-table
contract). The generic CSV source in `pipelines.ingest.generic` is the worked example.
"""

from pipelines.ingest.landing import FileRejected, LandingFile
from pipelines.ingest.loader import LoadCounts, load_staged
from pipelines.ingest.raw_tables import RawTable
from pipelines.ingest.registry import SourceSystem, all_sources
from pipelines.ingest.runner import ingest, ingest_landing
from pipelines.ingest.summary import FileResult, IngestSummary

__all__ = [
    "FileRejected",
    "FileResult",
    "IngestSummary",
    "LandingFile",
    "LoadCounts",
    "RawTable",
    "SourceSystem",
    "all_sources",
    "ingest",
    "ingest_landing",
    "load_staged",
]
