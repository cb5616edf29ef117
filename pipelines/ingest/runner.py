"""Run every source system over a landing dir: one transaction per file, every file recorded."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from pipelines.ingest.client_timezones import CLIENT_DEFINING_ENTITIES, remember_client_timezones
from pipelines.ingest.generic.checks import LATEST_ALLOWED
from pipelines.ingest.landing import FileRejected, FileScan, LandingFile, scan, utf8_text
from pipelines.ingest.loader import LoadCounts, load_staged
from pipelines.ingest.raw_tables import create_bookkeeping_tables
from pipelines.ingest.registry import SourceSystem, all_sources
from pipelines.ingest.reread import clear_for_reread, tables_to_reread
from pipelines.ingest.summary import FileResult, IngestSummary, table_name

# Timestamps later than the as-of time (or now) plus this are quarantined: a clock a little
# ahead, or an export made in a zone east of UTC, is not an error.
FUTURE_TOLERANCE = timedelta(days=1)


def ingest(
    landing_dir: str | os.PathLike,
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[SourceSystem] | None = None,
    loaded_at: datetime | None = None,
    *,
    full: bool = False,
    as_of: datetime | None = None,
) -> IngestSummary:
    """Load every landing file of every source into schema raw; return what happened.

    full: read every raw table again from the landing files (reread.py says when that
    happens by itself). as_of: the build's --as-of (naive UTC); timestamps after the later of
    it and now, plus FUTURE_TOLERANCE, are quarantined.
    """
    landing = Path(landing_dir).resolve()
    sources = list(sources) if sources is not None else all_sources()
    loaded_at = loaded_at or datetime.now(UTC).replace(tzinfo=None)
    latest = max(as_of or loaded_at, loaded_at) + FUTURE_TOLERANCE
    con.execute(f"set variable {LATEST_ALLOWED} = ?::timestamp", [latest])
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
    # A symlink is never followed, not even to hash it: its target may be any file.
    scans = {id(file): None if is_symlink(landing, file) else scan(file.path) for _, file in plan}
    summary.reread = _reread(con, sources, plan, scans, full)
    for source, file in plan:
        file = dataclasses.replace(file, scan=scans[id(file)])
        summary.files.append(ingest_file(con, source, file, loaded_at))
    return summary


def is_symlink(landing: Path, file: LandingFile) -> bool:
    """The file, or a folder between it and the landing dir, is a symbolic link."""
    path = landing
    for part in Path(file.rel_path).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def _reread(
    con: duckdb.DuckDBPyConnection,
    sources: Sequence[SourceSystem],
    plan: list[tuple[SourceSystem, LandingFile]],
    scans: dict[int, FileScan | None],
    full: bool,
) -> dict[str, str]:
    """Empty the raw tables to read again from landing (reread.py); return them with why."""
    tables = [t for source in sources for t in source.raw_tables()]
    landing_now = [
        (table_name(file.source_system, file.entity), file.rel_path, file_scan.sha256)
        for _, file in plan
        if file.entity and (file_scan := scans[id(file)]) is not None
    ]
    con.begin()
    try:
        why = tables_to_reread(con, landing_now, tables, full)
        by_name = {t.name: t for t in tables}
        # Zones as the last good loads left them, before clients may be emptied: a client row
        # quarantined now must not turn its local times in other files into UTC.
        remember_client_timezones(con)
        for name in why:
            clear_for_reread(con, by_name[name])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return why


def ingest_landing(
    landing_dir: str | os.PathLike, warehouse_path: str | os.PathLike, full: bool = False
) -> IngestSummary:
    """For scripts and benchmarks: open the warehouse, ingest, close."""
    Path(warehouse_path).parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_path)) as con:
        return ingest(landing_dir, con, full=full)


def ingest_file(
    con: duckdb.DuckDBPyConnection, source: SourceSystem, file: LandingFile, loaded_at: datetime
) -> FileResult:
    """Load one file in one transaction and record it in raw.ingested_files."""
    file_scan = file.scan
    nothing = LoadCounts(0, 0, 0)

    def outcome(status: str, message: str, counts: LoadCounts = nothing) -> FileResult:
        result = FileResult(
            file.rel_path, file.source_system, file.entity, status,
            counts.rows_read, counts.rows_loaded, counts.rows_quarantined, message,
        )  # fmt: skip
        _record(con, result, file_scan.sha256 if file_scan else None, loaded_at)
        return result

    if file_scan is None:  # the runner does not scan a symbolic link
        return outcome(
            "rejected",
            f"{file.rel_path}: a symbolic link; refused, not followed"
            " (copy the export itself into the landing folder)",
        )
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
            result = outcome("loaded", _message(file, file_scan, counts), counts)
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return result


def _message(file: LandingFile, file_scan: FileScan, counts: LoadCounts) -> str:
    """What a loaded file's registry row says besides its counts ('' when nothing)."""
    notes = []
    if file_scan.is_mixed_utf8:
        notes.append("UTF-8 with invalid bytes in some rows (quarantined, line named)")
    elif not file_scan.is_utf8:
        notes.append("read as Windows-1252")
    if counts.notes:
        notes.append(counts.notes)
    return f"{file.rel_path}: {'; '.join(notes)}" if notes else ""


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _record(
    con: duckdb.DuckDBPyConnection, r: FileResult, sha256: str | None, at: datetime
) -> None:
    con.execute(
        "insert into raw.ingested_files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            r.file_path, r.source_system, r.entity or None, sha256, r.rows_read,
            r.rows_loaded, r.rows_quarantined, r.status, r.message or None, at,
        ],
    )  # fmt: skip
