"""Source systems: who finds which landing files and stages them for the shared loader.

A vendor whose exports are JSON arrays (or CSV mapping files) needs no class: its
`VendorEntity` rows in `VENDOR_ENTITIES` (pipelines/ingest/vendors/specs.py) are read by the
shared `VendorSource`. To add a source system of another kind:

1. Write a class with the `SourceSystem` shape below:
   - `name`: the landing folder and prefix of its raw tables (`connectwise`).
   - `raw_tables()`: every `RawTable` it can write (`connectwise__tickets`, ...);
     the runner creates them all up front, also when no file landed.
   - `discover(landing_dir)`: its files under `landing_dir/<name>/`, in load order,
     as `LandingFile`s (entity "" for a file it does not recognise: `stage` then
     raises `FileRejected("unknown entity ...")`, so the file is still recorded).
   - `stage(con, file, text_path)`: read `text_path` (the file as UTF-8; cp1252 is
     already transcoded) with DuckDB into a temp table shaped as `loader.load_staged`
     documents (typed data columns, `_source_line`, `_extra`, `_reason`, `_record`)
     and return `(target RawTable, temp table name)`, optionally with a third item, whether
     good rows share a natural key (when the source had to find out anyway; the loader
     then skips its own pass). Raise `FileRejected(problem)`
     when the file cannot be read at all. No commit/rollback: the runner holds one
     transaction per file, and does sha256 skip, quarantine, upsert and
     `raw.ingested_files` bookkeeping for every source alike.
2. List an instance in `SOURCES` of `pipelines/ingest/vendors/__init__.py`.
   `all_sources()` picks it up; the Dagster ingest asset then shows its raw tables
   (`["raw", "<vendor>__<entity>"]`, fed by `["landing", "<vendor>", "<entity>"]`).

A 40-line JSON example (one array of objects per file, `record json` table) is
`AcmeJsonSource` in tests/ingest/test_source_registry.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import duckdb

from pipelines.ingest.landing import LandingFile
from pipelines.ingest.raw_tables import RawTable


class SourceSystem(Protocol):
    name: str

    def raw_tables(self) -> Sequence[RawTable]: ...

    def discover(self, landing_dir: Path) -> list[LandingFile]: ...

    def stage(
        self, con: duckdb.DuckDBPyConnection, file: LandingFile, text_path: Path
    ) -> tuple[RawTable, str] | tuple[RawTable, str, bool]: ...


def all_sources() -> list[SourceSystem]:
    """Generic first (its clients give the time zones vendors may need), then vendors."""
    from pipelines.ingest.generic.source import GenericSource

    sources: list[SourceSystem] = [GenericSource()]
    try:
        vendors = importlib.import_module("pipelines.ingest.vendors")
    except ModuleNotFoundError as exc:
        if exc.name != "pipelines.ingest.vendors":
            raise
    else:
        sources += list(getattr(vendors, "SOURCES", []))
    return sources
