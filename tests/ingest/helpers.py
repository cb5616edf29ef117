"""Small helpers shared by the ingest tests."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.ingest import IngestSummary, ingest

DATA = Path(__file__).resolve().parent.parent / "data"


def ingest_dir(
    landing: Path, warehouse: Path, **options
) -> tuple[IngestSummary, duckdb.DuckDBPyConnection]:
    """Ingest `landing` into `warehouse` (options as `ingest` takes them); the caller closes
    the returned connection."""
    con = duckdb.connect(str(warehouse))
    return ingest(landing, con, **options), con


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
