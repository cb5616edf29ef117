"""Run every source system over a landing dir: one transaction per file, every file recorded."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.ingest.client_timezones import CLIENT_DEFINING_ENTITIES
from pipelines.ingest.landing import FileRejected, LandingFile, scan, utf8_text
from pipelines.ingest.loader import LoadCounts, load_staged
from pipelines.ingest.raw_tables import create_bookkeeping_tables
from pipelines.ingest.registry import SourceSystem, all_sources
from pipelines.ingest.summary import FileResult, IngestSummary


def ingest(
    landing_dir: str | os.PathLike,
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[SourceSystem] | None = None,
    loaded_at: datetime | None = None,
) -> IngestSummary:
    """Load every landing file of every source into schema raw; return what happened."""
    landing = Path(landing_dir).resolve()
    sources = list(sources) if sources is not None else all_sources()
    loaded_at = loaded_at or datetime.now(UTC).replace(tzinfo=None)
    # One transaction for the whole schema: a first run creates some 60 tables, and a commit each
    # (a WAL write and sync) costs more than the creation.
    con.begin()
    try:
        create_bookkeeping_tables(con)
        for source in sources:
            for table in source.raw_tables():
                table.create(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    summary = IngestSummary()
    plan = [(source, file) for source in sources for file in source.discover(landing)]
    # Files that define clients first, whatever their source: a generic monitoring file's naive
    # times are read in the zone a PSA's client_map.csv gives (ingest/client_timezones.py).
    plan.sort(key=lambda step: step[1].entity not in CLIENT_DEFINING_ENTITIES)
    for source, file in plan:
        summary.files.append(ingest_file(con, source, file, loaded_at))
    return summary


def ingest_landing(
    landing_dir: str | os.PathLike, warehouse_path: str | os.PathLike
) -> IngestSummary:
    """For scripts and benchmarks: open the warehouse, ingest, close."""
    Path(warehouse_path).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path)) as con:
        return ingest(landing_dir, con)


def ingest_file(
    con: duckdb.DuckDBPyConnection, source: SourceSystem, file: LandingFile, loaded_at: datetime
) -> FileResult:
    """Load one file in one transaction and record it in raw.ingested_files."""
    file_scan = scan(file.path)
    nothing = LoadCounts(0, 0, 0)

    def outcome(status: str, message: str, counts: LoadCounts = nothing) -> FileResult:
        result = FileResult(
            file.rel_path, file.source_system, file.entity, status,
            counts.rows_read, counts.rows_loaded, counts.rows_quarantined, message,
        )  # fmt: skip
        _record(con, result, file_scan.sha256, loaded_at)
        return result

    if file_scan.is_empty:
        return outcome("rejected", f"{file.rel_path}: empty file (no header, no rows)")
    if file_scan.is_utf16:
        return outcome(
            "rejected", f"{file.rel_path}: UTF-16 text; export as CSV in UTF-8 or Windows-1252"
        )
    if file_scan.is_binary:
        return outcome("rejected", f"{file.rel_path}: binary content, not a text file")
    earlier = con.execute(
        "select file_path from raw.ingested_files where sha256 = ? and status = 'loaded'"
        " order by loaded_at, file_path limit 1",
        [file_scan.sha256],
    ).fetchall()
    if earlier:
        return outcome(
            "skipped", f"{file.rel_path}: same content as {earlier[0][0]}, already loaded"
        )
    with utf8_text(file.path, file_scan) as text_path:
        con.begin()
        try:
            target, staged, *keys_repeat = source.stage(con, file, text_path)
        except (FileRejected, duckdb.Error) as exc:
            con.rollback()
            return outcome("rejected", f"{file.rel_path}: {_first_line(exc)}")
        try:
            counts = load_staged(con, staged, target, file, loaded_at, *keys_repeat)
            con.execute(f"drop table if exists {staged}")
            note = "" if file_scan.is_utf8 else f"{file.rel_path}: read as Windows-1252"
            result = outcome("loaded", note, counts)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return result


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _record(con: duckdb.DuckDBPyConnection, r: FileResult, sha256: str, at: datetime) -> None:
    con.execute(
        "insert into raw.ingested_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            r.file_path, r.source_system, r.entity or None, sha256, r.rows_read,
            r.rows_loaded, r.rows_quarantined, r.status, r.message or None, at,
        ],
    )  # fmt: skip
