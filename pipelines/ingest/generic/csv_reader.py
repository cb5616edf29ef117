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

A row DuckDB cannot read (longer than 1 MiB, or invalid UTF-8 in a file that is otherwise
UTF-8) is skipped by DuckDB's `store_rejects` and put back as a row with a reason, so it is
quarantined and the rest of the file loads. Only its first 200 characters are kept, so a
line break inside such a row beyond them is not counted in later line numbers.
"""

from __future__ import annotations

import csv
import mmap
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.ingest.landing import FileRejected

LANDING_ROWS = "_landing_rows"
_INVALID_UTF8 = re.compile("[\udc80-\udcff]")  # bytes surrogateescape could not decode
REJECTS, REJECT_SCANS = "_landing_rejects", "_landing_reject_scans"
# A row longer than this is quarantined whole ("a 50 MiB field"), not read.
MAX_ROW_BYTES = 1 << 20
RAW_LINE_CHARS = 200  # how much of an unreadable row the quarantine keeps
REASON_OF_ERROR = f"""
    case
        when bool_or(error_type = 'LINE SIZE OVER MAXIMUM')
            then 'row longer than {MAX_ROW_BYTES // (1 << 20)} MiB (the limit per row): not read'
        when bool_or(error_type = 'INVALID ENCODING')
            then 'invalid UTF-8 bytes in a file that is otherwise UTF-8: row not read'
                || ' (export the file again as UTF-8)'
        else 'unreadable CSV row: ' || min(error_type::varchar)
    end
"""


def normalise_header(name: str) -> str:
    """' Client Name ' -> 'client_name': case- and whitespace-insensitive matching."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_header(text_path: Path) -> list[str]:
    """Normalised header names; FileRejected when there is no usable header."""
    try:
        # surrogateescape: an invalid byte further down (a mixed file) is the reader's business.
        with open(text_path, encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            header = next(csv.reader(f), None)
    except csv.Error as exc:
        raise FileRejected(f"not a CSV file ({exc})") from exc
    if not header or not any(h.strip() for h in header):
        raise FileRejected("no header line (first line is empty)")
    if any(_INVALID_UTF8.search(h) for h in header):
        raise FileRejected("the header line is not valid UTF-8 (nor is the file Windows-1252)")
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


@dataclass(frozen=True)
class LandedRows:
    rows_unreadable: int  # rows the reader refused (too long, invalid UTF-8): quarantined
    line_breaks_in_fields: bool  # a quoted field holds a line break


def load_rows(con: duckdb.DuckDBPyConnection, text_path: Path, field_count: int) -> LandedRows:
    """Create temp table _landing_rows(c0..c{field_count}, _source_line, _read_error, _raw_line),
    in file order. A row DuckDB cannot read (longer than MAX_ROW_BYTES, invalid UTF-8 in a
    mixed file) is a row of NULL fields with `_read_error` and the start of the line as read."""
    columns = "{" + ", ".join(f"'c{i}': 'varchar'" for i in range(field_count + 1)) + "}"
    # parallel=false: null_padding with quoted newlines needs it, and it keeps file order
    # for row_number(). strict_mode=false: overflow fields beyond cN are tolerated.
    # store_rejects: a row it cannot read is skipped and recorded, not fatal to the file.
    read = f"""
        read_csv(
            ?, header = false, skip = 1, auto_detect = false, columns = {columns},
            delim = ',', quote = '"', escape = '"', null_padding = true,
            parallel = false, strict_mode = false, nullstr = chr(1),
            max_line_size = {MAX_ROW_BYTES}, store_rejects = true,
            rejects_table = '{REJECTS}', rejects_scan = '{REJECT_SCANS}'
        )
    """
    unread = "null::varchar as _read_error, null::varchar as _raw_line"
    if not may_hold_quoted_newlines(text_path):
        # No quote in the file: one record per line, line = header + record number.
        con.execute(
            f"""
            create or replace temp table {LANDING_ROWS} as
            select *, {unread}, (1 + row_number() over ())::bigint as _source_line,
            from {read}
            """,  # noqa: S608 - generated positional column names only
            [str(text_path)],
        )
        unreadable = _count_unreadable(con)
        if unreadable:
            _add_unreadable(con, field_count, quoted=False)
        return LandedRows(unreadable, False)
    con.execute(
        f"""
        create or replace temp table _csv_records as
        select *, {unread}, row_number() over () as _record_no,
        from {read}
        """,  # noqa: S608 - generated positional column names only
        [str(text_path)],
    )
    unreadable = _count_unreadable(con)
    if unreadable:
        _add_unreadable(con, field_count, quoted=True)
    # Line number = header line + record number + newlines inside quoted fields before it.
    newlines = (
        " + ".join(
            f"coalesce(length(c{i}) - length(replace(c{i}, chr(10), '')), 0)"
            for i in range(field_count + 1)
        )
        + " + coalesce(length(_raw_line) - length(replace(_raw_line, chr(10), '')), 0)"
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
    return LandedRows(unreadable, has_newlines > 0)


def _count_unreadable(con: duckdb.DuckDBPyConnection) -> int:
    """Rows the last read refused; the rejects tables are emptied when there are none."""
    (count,) = con.execute(f"select count(distinct line) from {REJECTS}").fetchall()[0]  # noqa: S608
    if not count:
        con.execute(f"delete from {REJECT_SCANS}")  # noqa: S608
    return count


def _add_unreadable(con: duckdb.DuckDBPyConnection, field_count: int, quoted: bool) -> None:
    """Put the refused rows back among the read ones, at their record numbers.

    DuckDB numbers a refused row by record (line = 1 + record number, header = line 1), and
    the rows it read are numbered without it: the k-th refused record shifts every read row
    past the (line - 1 - k)-th read one by one."""
    table, number = ("_csv_records", "_record_no") if quoted else (LANDING_ROWS, "_source_line")
    # _source_line of the quote-free path is 1 + record number; _record_no is the number.
    offset = 0 if quoted else 1
    nulls = ", ".join(f"null::varchar as c{i}" for i in range(field_count + 1))
    con.execute(
        f"""
        create or replace temp table _unreadable as
        select
            line - 1 as record_no,
            line - 1 - row_number() over (order by line) as read_before,
            {REASON_OF_ERROR} as reason,
            left(arg_min(csv_line, error_type::varchar), {RAW_LINE_CHARS}) as raw_line,
        from {REJECTS}
        group by line
        """  # noqa: S608 - constants only
    )
    con.execute(
        f"""
        update {table} as t
        set {number} = t.{number} + (
            select count(*) from _unreadable as u where u.read_before < t.{number} - {offset}
        )
        """  # noqa: S608
    )
    con.execute(
        f"""
        insert into {table} by name
        select {nulls}, reason as _read_error, raw_line as _raw_line,
            record_no + {offset} as {number},
        from _unreadable
        """  # noqa: S608
    )
    if not quoted:
        con.execute(
            f"create or replace temp table {LANDING_ROWS} as"  # noqa: S608 - constant name
            f" select * from {LANDING_ROWS} order by _source_line"
        )
    con.execute("drop table _unreadable")
    con.execute(f"delete from {REJECTS}")  # noqa: S608
    con.execute(f"delete from {REJECT_SCANS}")  # noqa: S608
