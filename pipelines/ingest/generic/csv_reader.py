"""Read a generic CSV with DuckDB into a temp table of text fields plus line numbers.

The header is read apart (one line, Python's csv) so that header names never become SQL
identifiers: data lands as positional columns c0..cN, all varchar, where cN is an
overflow slot that is non-NULL only when a row has more fields than the header.
Empty fields stay '' and missing trailing fields are NULL (nullstr is set to a byte no
export contains), which tells "empty" from "row too short".

Line numbers count the header, every record and the newlines inside quoted fields. DuckDB
skips blank lines without a trace, so after a blank line in the middle of a file the
reported line numbers are that many lines too low (exports rarely have them). A file
without any quote character has no field spanning lines: it is read in one statement,
line = record number + 1, with no count of newlines inside fields.
"""

from __future__ import annotations

import csv
import mmap
import re
from pathlib import Path

import duckdb

from pipelines.ingest.landing import FileRejected

LANDING_ROWS = "_landing_rows"


def normalise_header(name: str) -> str:
    """' Client Name ' -> 'client_name': case- and whitespace-insensitive matching."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_header(text_path: Path) -> list[str]:
    """Normalised header names; FileRejected when there is no usable header."""
    try:
        with open(text_path, encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f), None)
    except (csv.Error, UnicodeDecodeError) as exc:
        raise FileRejected(f"not a CSV file ({exc})") from exc
    if not header or not any(h.strip() for h in header):
        raise FileRejected("no header line (first line is empty)")
    names = [normalise_header(h) or f"column_{i + 1}" for i, h in enumerate(header)]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise FileRejected(f"duplicate column(s) in header: {', '.join(duplicates)}")
    return names


def may_hold_quoted_newlines(text_path: Path) -> bool:
    """False when the file has no quote character at all: then no field can span lines."""
    with open(text_path, "rb") as f:
        if f.seek(0, 2) == 0:
            return False
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return mm.find(b'"') >= 0


def load_rows(con: duckdb.DuckDBPyConnection, text_path: Path, field_count: int) -> None:
    """Create temp table _landing_rows(c0..c{field_count}, _source_line), in file order."""
    columns = "{" + ", ".join(f"'c{i}': 'varchar'" for i in range(field_count + 1)) + "}"
    # parallel=false: null_padding with quoted newlines needs it, and it keeps file order
    # for row_number(). strict_mode=false: overflow fields beyond cN are tolerated.
    read = f"""
        read_csv(
            ?, header = false, skip = 1, auto_detect = false, columns = {columns},
            delim = ',', quote = '"', escape = '"', null_padding = true,
            parallel = false, strict_mode = false, nullstr = chr(1)
        )
    """
    if not may_hold_quoted_newlines(text_path):
        # No quote in the file: one record per line, line = header + record number.
        con.execute(
            f"""
            create or replace temp table {LANDING_ROWS} as
            select *, (1 + row_number() over ())::bigint as _source_line,
            from {read}
            """,  # noqa: S608 - generated positional column names only
            [str(text_path)],
        )
        return
    con.execute(
        f"""
        create or replace temp table _csv_records as
        select *, row_number() over () as _record_no,
        from {read}
        """,  # noqa: S608 - generated positional column names only
        [str(text_path)],
    )
    # Line number = header line + record number + newlines inside quoted fields before it.
    newlines = " + ".join(
        f"coalesce(length(c{i}) - length(replace(c{i}, chr(10), '')), 0)"
        for i in range(field_count + 1)
    )
    has_newlines = con.execute(
        f"select count(*) from _csv_records where {newlines} > 0"  # noqa: S608
    ).fetchall()[0][0]
    line = "1 + _record_no"
    if has_newlines:
        line += (
            f" + coalesce(sum({newlines}) over (order by _record_no"
            " rows between unbounded preceding and 1 preceding), 0)"
        )
    con.execute(
        f"""
        create or replace temp table {LANDING_ROWS} as
        select * exclude (_record_no), ({line})::bigint as _source_line,
        from _csv_records
        order by _record_no
        """  # noqa: S608
    )
    con.execute("drop table _csv_records")
