"""For notebooks and analysts' scripts: find the published warehouse and open it read-only.

A notebook server starts wherever a person starts it (the repository root, notebooks/, a home
folder), so a relative `./data` would point at the wrong place. The warehouse is found in this
order: `$MSP_DATA_DIR`; the nearest `data/published/warehouse.duckdb` in the working directory
or a folder above it; this checkout's `data/`.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.readonly import connect_read_only
from pipelines.settings import PROJECT_ROOT, load_settings

PUBLISHED = Path("published") / "warehouse.duckdb"


def data_dir(start: str | os.PathLike | None = None) -> Path:
    """The data folder whose published copy a notebook should read."""
    here = Path(start or Path.cwd()).resolve()
    configured = os.environ.get("MSP_DATA_DIR")
    if configured:
        given = Path(configured)
        if given.is_absolute() or (here / given).exists():
            return (here / given).resolve()
        return (PROJECT_ROOT / given).resolve()  # relative to the checkout, as `make` sets it
    for folder in (here, *here.parents):
        if (folder / "data" / PUBLISHED).is_file():
            return folder / "data"
    return PROJECT_ROOT / "data"


def published_warehouse(start: str | os.PathLike | None = None) -> Path:
    return load_settings(data_dir=data_dir(start)).published_warehouse


def connect(start: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """The published copy, read-only and closed off from other files (pipelines/readonly.py)."""
    return connect_read_only(published_warehouse(start))
