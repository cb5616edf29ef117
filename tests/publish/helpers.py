"""Small helpers shared by the publish tests."""

from __future__ import annotations

import duckdb


def total_revenue(warehouse) -> float:
    """A figure that tells two sample builds apart, read as a reader would."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return float(
            con.execute("select sum(revenue) from marts.fct_client_margin_monthly").fetchall()[0][0]
        )


def add_padding(warehouse, megabytes: int) -> None:
    """Grow a warehouse with incompressible rows, so a copy takes long enough to interrupt."""
    rows = megabytes * 1024 * 1024 // 8
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema if not exists raw")
        con.execute("create table raw.padding as select random() as noise from range(?)", [rows])
