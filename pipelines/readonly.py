"""The one way readers open the published warehouse: read-only, and closed off from the machine.

`read_only=True` alone stops writes to the warehouse file, but a reader's SQL could still
reach every other file: `ATTACH` the build warehouse read-write, `COPY ... TO` over it,
`read_csv('/etc/passwd')`, `INSTALL`, profiling output to a file. DuckDB's own switches close
all of that: `enable_external_access = false` refuses every file and network access but the
warehouse itself, and `lock_configuration = true` refuses any `SET`/`RESET` that would open it
again. The SQL prompt, the dashboard, the report reader and the notebooks all come through here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

# Why a statement was refused, in the reader's words, keyed by the start of DuckDB's message.
_REFUSALS = (
    ("file system operations are disabled", "reads and writes of files are disabled"),
    ("Loading external extensions is disabled", "loading extensions is disabled"),
    ("the configuration has been locked", "settings are locked"),
    ("attached in read-only mode", "the warehouse is read-only"),
    ("belongs to an attached database", "the warehouse is read-only"),
    ("is already attached", "attaching databases is disabled"),
    ("Cannot launch in-memory database in read-only mode", "attaching databases is disabled"),
)


class WarehouseMissing(FileNotFoundError):
    """No published warehouse yet: the reader should run a build first."""


def connect_read_only(
    warehouse: str | os.PathLike, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection to `warehouse` that can read its tables and nothing else on this machine.

    The settings are given at connect time, so no statement ever runs with them open.
    """
    path = Path(warehouse)
    if not path.is_file():
        raise WarehouseMissing(f"no published warehouse at {path}; run `msp-insights build` first")
    config = {"enable_external_access": False, "lock_configuration": True}
    if memory_limit:
        config["memory_limit"] = memory_limit
    return duckdb.connect(str(path), read_only=True, config=config)


@contextmanager
def reading(warehouse: str | os.PathLike) -> Iterator[duckdb.DuckDBPyConnection]:
    """`connect_read_only` as a short-lived block: readers never hold the file between uses."""
    con = connect_read_only(warehouse)
    try:
        yield con
    finally:
        con.close()


def describe_error(error: duckdb.Error) -> str:
    """What to show a reader: one line for a refusal (what and why), else DuckDB's own message
    (a syntax error's pointer to the place in the query is worth its extra lines)."""
    message = str(error).strip() or type(error).__name__
    first_line = message.splitlines()[0]
    for marker, reason in _REFUSALS:
        if marker in first_line:
            return f"refused, {reason} (read-only warehouse): {first_line}"
    return message
