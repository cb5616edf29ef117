"""`msp-insights sql --allow-read PATH`: an analyst's own files beside the warehouse, read-only.

DuckDB can be told to let a connection reach some paths (`allowed_directories`, `allowed_paths`),
but a path it may open it may also write: `COPY ... TO` into an allowed folder works, and an
allowed DuckDB file can be attached read-write. So the SQL never gets a path at all: each file is
read once, before any of the user's SQL runs, by a separate in-memory DuckDB that runs none of
it; the user's read-only connection then sees the rows as a view named after the file (Arrow
tables in this process). The files cannot be changed through the prompt, only read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

READERS = {
    ".csv": "read_csv",
    ".tsv": "read_csv",
    ".txt": "read_csv",
    ".parquet": "read_parquet",
    ".json": "read_json",
    ".jsonl": "read_json",
    ".ndjson": "read_json",
}


class LocalFileError(ValueError):
    """A file named with --allow-read cannot be offered (missing, unknown kind, unreadable)."""


@dataclass(frozen=True)
class LocalTable:
    name: str
    path: Path
    rows: pa.Table

    def describe(self) -> str:
        return f"{self.name} ({self.rows.num_rows:,} rows from {self.path})"


def load_local_files(paths: list[str | Path]) -> list[LocalTable]:
    """Read each file (a folder: its readable files) into memory, named after the file."""
    files: list[Path] = []
    for given in paths:
        path = Path(given).expanduser().resolve()
        if not path.exists():
            raise LocalFileError(f"--allow-read {given}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READERS)
            if not found:
                raise LocalFileError(f"--allow-read {given}: no CSV, Parquet or JSON file in it")
            files += found
        elif path.suffix.lower() not in READERS:
            raise LocalFileError(
                f"--allow-read {given}: not a file kind the prompt reads "
                f"({', '.join(sorted(READERS))})"
            )
        else:
            files.append(path)
    tables: list[LocalTable] = []
    names: set[str] = set()
    with duckdb.connect() as reader:  # in memory, and no user SQL ever runs on it
        for path in files:
            reader_function = READERS[path.suffix.lower()]
            try:
                # The function's name comes from READERS above; the path is a bound parameter.
                rows = reader.sql(f"select * from {reader_function}(?)", params=[str(path)])  # noqa: S608
                table = rows.to_arrow_table()
            except duckdb.Error as error:
                raise LocalFileError(
                    f"--allow-read {path}: cannot read it: {str(error).splitlines()[0]}"
                ) from None
            name = _unique(_identifier(path.stem), names)
            names.add(name)
            tables.append(LocalTable(name, path, table))
    return tables


def offer(con: duckdb.DuckDBPyConnection, tables: list[LocalTable]) -> None:
    """Make the files' rows visible on a reader's connection (views over in-memory tables)."""
    for table in tables:
        con.register(table.name, table.rows)


def _identifier(stem: str) -> str:
    name = re.sub(r"[^a-z0-9_]", "_", stem.lower()).strip("_") or "file"
    return f"file_{name}" if name[0].isdigit() else name


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    return candidate
