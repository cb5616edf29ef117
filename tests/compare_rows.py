"""Rows of two warehouses compared as equal when they say the same thing.

A float sum's last bits follow the order DuckDB's threads add it in, so two builds of the
same data can differ in the 15th digit. Doubles are compared rounded to 9 decimals; every
other type exactly.
"""

from __future__ import annotations

import duckdb

FLOAT_TYPES = ("DOUBLE", "FLOAT", "REAL")
DECIMALS = 9


def float_columns(con: duckdb.DuckDBPyConnection, relation: str) -> set[str]:
    return {
        name
        for name, kind, *_ in con.execute(f"describe {relation}").fetchall()
        if kind in FLOAT_TYPES
    }  # noqa: S608


def comparable(column: str, floats: set[str], alias: str = "") -> str:
    """The select expression of `column` (of table alias `alias`) for an EXCEPT ALL comparison."""
    ref = f'{alias}."{column}"' if alias else f'"{column}"'
    return f'round({ref}, {DECIMALS}) as "{column}"' if column in floats else ref


def rows_only_in(
    con: duckdb.DuckDBPyConnection, left: str, right: str, columns: list[str], limit: int = 5
) -> list[tuple]:
    """Up to `limit` rows of `left` not in `right`, over `columns`, doubles rounded."""
    floats = float_columns(con, left)
    cols = ", ".join(comparable(c, floats) for c in columns)
    return con.execute(
        f"select {cols} from {left} except all select {cols} from {right} limit {limit}"  # noqa: S608
    ).fetchall()
