"""Raw tables: their shape (data columns + lineage columns) and the two bookkeeping tables."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

# Every raw table ends with these; `_extra` holds a source file's unknown columns.
LINEAGE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_source_file", "varchar"),
    ("_source_line", "bigint"),
    ("_loaded_at", "timestamp"),
    ("_extra", "json"),
)


@dataclass(frozen=True)
class RawTable:
    """One table in schema raw: `name` without schema, data columns in order, natural key."""

    name: str
    columns: tuple[tuple[str, str], ...]  # (column name, DuckDB type)
    key: tuple[str, ...]

    @property
    def qualified(self) -> str:
        return f'raw."{self.name}"'

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def create(self, con: duckdb.DuckDBPyConnection) -> None:
        cols = ", ".join(f'"{n}" {t}' for n, t in self.columns + LINEAGE_COLUMNS)
        con.execute(f"create table if not exists {self.qualified} ({cols})")


INGESTED_FILES = """
create table if not exists raw.ingested_files (
    file_path varchar,
    source_system varchar,
    entity varchar,
    sha256 varchar,
    rows_read bigint,
    rows_loaded bigint,
    rows_quarantined bigint,
    status varchar,
    message varchar,
    loaded_at timestamp,
)
"""

QUARANTINE = """
create table if not exists raw.quarantine (
    file_path varchar,
    source_system varchar,
    entity varchar,
    line_number bigint,
    reason varchar,
    record json,
    quarantined_at timestamp,
)
"""


def create_bookkeeping_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute(INGESTED_FILES)
    con.execute(QUARANTINE)
