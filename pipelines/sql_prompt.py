"""`msp-insights sql [QUERY]`: read-only SQL on the published warehouse, for analysts.

Each statement opens its own read-only connection, so a long session never pins an
old copy: the next query after a build sees the newly published warehouse. A write
statement fails with DuckDB's read-only error and changes nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

import duckdb
import pandas as pd

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
) -> int:
    """Run one query and print its table (0 on success), or open the prompt when query is None."""
    out, err = out or sys.stdout, err or sys.stderr
    warehouse = Path(warehouse_path)
    if not warehouse.exists():
        print(f"error: no published warehouse at {warehouse}; run `msp-insights build` first.", file=err)
        return 2
    if query is None:
        return _prompt(warehouse, out, err)
    return _run_one(query, warehouse, out, err)


def _run_one(query: str, warehouse: Path, out: TextIO, err: TextIO) -> int:
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            result = con.sql(query)
            frame = result.df() if result is not None else None
    except duckdb.Error as error:
        print(f"error: {error}", file=err)
        return 1
    print(format_table(frame), file=out)
    return 0


def format_table(frame: pd.DataFrame | None) -> str:
    if frame is None:
        return "OK"
    if frame.empty:
        return f"{' | '.join(frame.columns)}\n(0 rows)"
    shown = frame.head(MAX_ROWS_SHOWN).to_string(index=False, na_rep="NULL")
    more = len(frame) - MAX_ROWS_SHOWN
    footer = f"({len(frame)} rows)" if more <= 0 else f"({len(frame)} rows, first {MAX_ROWS_SHOWN} shown)"
    return f"{shown}\n{footer}"


def _prompt(warehouse: Path, out: TextIO, err: TextIO) -> int:
    try:
        import readline  # noqa: F401  (line editing and history where available)
    except ImportError:
        pass
    print(f"Read-only SQL on {warehouse}\n{HELP}", file=out)
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
            continue
        lines.append(line)
        if command.endswith(";"):
            _run_one("\n".join(lines), warehouse, out, err)
            lines = []
