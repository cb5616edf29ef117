"""Publish: a consistent read-only copy of the build warehouse for readers.

DuckDB allows one writer per file, and a reader holding the build file would lock the
build out. So readers (dashboard, SQL prompt, notebooks) open a separate copy that the
build replaces atomically: copy to a temporary file beside the published one, fsync,
check it opens, then `os.replace`. A build killed at any moment leaves either the old
copy or the new one, never a half-written file; readers that already have the old file
open keep reading it (the old inode lives until they close it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, Settings, dbt_project_files

TEMP_SUFFIX = ".publishing"
# The files of dbt's docs site that readers need; the rest of dbt's target dir is build state.
DOCS_FILES = ("index.html", "static_index.html", "manifest.json", "catalog.json")


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class PublishResult:
    path: Path
    size_bytes: int
    seconds: float
    tables: int


def publish_warehouse(
    build_path: str | os.PathLike, published_path: str | os.PathLike
) -> PublishResult:
    """Replace `published_path` atomically with a checkpointed copy of `build_path`.

    Call it from the writer's own sequence of steps (the build), with no other process
    writing the build file: the copy is consistent because nobody writes during it.
    """
    started = time.perf_counter()
    build, published = Path(build_path), Path(published_path)
    if not build.exists():
        raise PublishError(f"No build warehouse at {build}: nothing to publish.")
    published.parent.mkdir(parents=True, exist_ok=True)
    _checkpoint(build)
    _remove_leftovers(published)
    staged = published.with_name(f".{published.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        _copy_durably(build, staged)
        tables = _count_tables(staged)
        # A WAL beside the published file would belong to the old copy: never replay it on the new.
        Path(f"{published}.wal").unlink(missing_ok=True)
        os.replace(staged, published)
        _fsync_dir(published.parent)
    finally:
        staged.unlink(missing_ok=True)
    return PublishResult(published, published.stat().st_size, time.perf_counter() - started, tables)


def _checkpoint(build: Path) -> None:
    """Fold the WAL into the main file so the file alone is the whole warehouse."""
    with duckdb.connect(str(build)) as con:
        con.execute("checkpoint")
    if Path(f"{build}.wal").exists():
        raise PublishError(
            f"{build}.wal still exists after a checkpoint: another process is writing the "
            "build warehouse, so a copy would not be consistent."
        )


def _remove_leftovers(published: Path) -> None:
    """Temp files of a publish that was killed before its replace."""
    for leftover in published.parent.glob(f".{published.name}.*{TEMP_SUFFIX}"):
        leftover.unlink(missing_ok=True)


def _copy_durably(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb") as copied:
        os.fsync(copied.fileno())
    # Readers open it read-only anyway; the mode says so to anyone who looks.
    target.chmod(0o444)


def _count_tables(warehouse: Path) -> int:
    """Open the staged copy as a reader will; a copy that does not open is never published."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select count(*) from duckdb_tables()").fetchall()[0][0]


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class DocsResult:
    path: Path
    generated: bool  # False: the project and the warehouse's columns were unchanged, docs kept
    seconds: float


def generate_dbt_docs(
    settings: Settings, force: bool = False, timeout_seconds: float = 600
) -> DocsResult:
    """Write dbt's docs site (with a static single-file page) into `settings.docs_dir`.

    A dbt run costs tens of seconds (start-up, parse, compile), and the site only changes
    when the dbt project or the warehouse's tables and columns change; so it is rebuilt only
    then (or when forced). dbt reads the catalog from the build warehouse (MSP_WAREHOUSE),
    which only the build opens: call this in the build's sequence, holding no connection.
    """
    started = time.perf_counter()
    docs_dir = settings.docs_dir
    site = docs_dir / "static_index.html"
    stamp = docs_dir / ".fingerprint"
    # The published copy has the build's columns and, unlike the build file, is always readable.
    published = settings.published_warehouse
    fingerprint = docs_fingerprint(published if published.exists() else settings.warehouse)
    if not force and site.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return DocsResult(site, False, time.perf_counter() - started)
    docs_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.data_dir, prefix=".dbt-docs-") as work:
        env = {
            **os.environ,
            "MSP_WAREHOUSE": str(settings.warehouse),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
        command = [
            DBT_EXECUTABLE, "docs", "generate", "--static",
            "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(Path(work) / "target"), "--log-path", str(Path(work) / "logs"),
        ]  # fmt: skip
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=timeout_seconds, check=False
        )
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
            raise PublishError(f"dbt docs generate failed (exit {done.returncode}):\n{tail}")
        for name in DOCS_FILES:
            produced = Path(work) / "target" / name
            if produced.exists():
                os.replace(produced, docs_dir / name)
    stamp.write_text(fingerprint)
    return DocsResult(site, True, time.perf_counter() - started)


def docs_fingerprint(warehouse: Path) -> str:
    """What the docs site depends on: the dbt project's files and the warehouse's columns."""
    digest = hashlib.sha256()
    for path in dbt_project_files():
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type from information_schema.columns "
            "order by all"
        ).fetchall()
    digest.update(repr(columns).encode())
    return digest.hexdigest()
