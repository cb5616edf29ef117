"""`msp-insights sql [QUERY]`: read-only SQL on the published warehouse, for analysts.

Each statement opens its own read-only connection, so a long session never pins an
old copy: the next query after a build sees the newly published warehouse. The connection
comes from pipelines/readonly.py: a write, a file read or write, `ATTACH`, `INSTALL`/`LOAD`
or a `SET` that would lift those limits is refused with one line and changes nothing.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TextIO

import duckdb

from pipelines.local_files import LocalTable, offer
from pipelines.readonly import connect_read_only, describe_error

MAX_ROWS_SHOWN = 200
PROMPT = "msp> "
CONTINUE_PROMPT = "...> "
HELP = """Type SQL ending with ';'. Commands: .tables (list tables), .help, .quit (or Ctrl-D).
Example: select * from marts.fct_client_margin_monthly order by gross_margin limit 10;"""


def run(
    query: str | None,
    warehouse_path: str | os.PathLike,
    out: TextIO | None = None,
    err: TextIO | None = None,
    local_tables: list[LocalTable] | None = None,
) -> int:
    """Run one query and print its table (0 on success), or open the prompt when query is None.

    `local_tables`: the analyst's own files (--allow-read), read beforehand, offered as views.
    """
    local = local_tables or []
    out, err = out or sys.stdout, err or sys.stderr
    warehouse = Path(warehouse_path)
    if not warehouse.exists():
        print(
            f"error: no published warehouse at {warehouse}; run `msp-insights build` first.",
            file=err,
        )
        return 2
    if query is None:
        return _prompt(warehouse, out, err, local)
    return _run_one(query, warehouse, out, err, local)


def _run_one(
    query: str, warehouse: Path, out: TextIO, err: TextIO, local: list[LocalTable] | None = None
) -> int:
    try:
        with connect_read_only(warehouse) as con:
            offer(con, local or [])
            con.execute(query)
            if con.description is None:  # a statement without rows, e.g. SET
                print("OK", file=out)
                return 0
            columns = [column[0] for column in con.description]
            rows = con.fetchmany(MAX_ROWS_SHOWN + 1)
    except duckdb.Error as error:
        print(f"error: {describe_error(error)}", file=err)
        return 1
    print(format_table(columns, rows), file=out)
    return 0


def format_table(columns: list[str], rows: list[tuple]) -> str:
    """Aligned columns: numbers to the right, text to the left, NULL spelled out.

    Values print as DuckDB returns them (a decimal(18,2) keeps its two places).
    """
    shown = rows[:MAX_ROWS_SHOWN]
    cells = [["NULL" if value is None else str(value) for value in row] for row in shown]
    numeric = [
        _is_numeric([row[i] for row in shown if row[i] is not None]) for i in range(len(columns))
    ]
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(columns)]

    def line(values: list[str]) -> str:
        return "  ".join(
            value.rjust(width) if is_number else value.ljust(width)
            for value, width, is_number in zip(values, widths, numeric, strict=True)
        ).rstrip()

    lines = [line(columns), line(["-" * width for width in widths]), *(line(row) for row in cells)]
    if len(rows) > MAX_ROWS_SHOWN:
        lines.append(f"(first {MAX_ROWS_SHOWN} rows shown; add LIMIT or a filter to see others)")
    else:
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _is_numeric(values: list) -> bool:
    return bool(values) and all(
        isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values
    )


def _prompt(warehouse: Path, out: TextIO, err: TextIO, local: list[LocalTable]) -> int:
    try:
        import readline  # noqa: F401  (line editing and history where available)
    except ImportError:
        pass
    print(f"Read-only SQL on {warehouse}\n{HELP}", file=out)
    for table in local:
        print(f"Your file, read-only, as table {table.describe()}", file=out)
    lines: list[str] = []
    while True:
        try:
            line = input(CONTINUE_PROMPT if lines else PROMPT)
        except (EOFError, KeyboardInterrupt):
            print(file=out)
            return 0
        command = line.strip()
        if not lines and command in (".quit", ".exit", "\\q"):
            return 0
        if not lines and command == ".help":
            print(HELP, file=out)
            continue
        if not lines and command == ".tables":
            _run_one(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema not in ('information_schema', 'pg_catalog') order by all",
                warehouse, out, err,
            )  # fmt: skip
            for table in local:
                print(f"your file: {table.describe()}", file=out)
            continue
        lines.append(line)
        if command.endswith(";"):
            _run_one("\n".join(lines), warehouse, out, err, local)
            lines = []
