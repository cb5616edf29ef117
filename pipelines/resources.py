"""The one Dagster resource every area shares: where the data lives and what as-of time a run uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb

from pipelines.settings import Settings, load_settings, memory_limit


class MspSettings(dg.ConfigurableResource):
    """Paths and run options. Empty strings fall back to MSP_* env vars, then defaults."""

    data_dir: str = ""
    landing_dir: str = ""
    warehouse: str = ""
    # ISO-8601 UTC timestamp; empty means "latest timestamp in the loaded events and tickets".
    as_of: str = ""

    def settings(self) -> Settings:
        return load_settings(self.data_dir or None, self.landing_dir or None, self.warehouse or None)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection to the build warehouse. Never hold one around a dbt call."""
        path = self.settings().warehouse
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit()})
        try:
            yield con
        finally:
            con.close()
