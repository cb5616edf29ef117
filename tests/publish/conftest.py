"""Fixtures for publish tests: a small marts-shaped build warehouse and a published copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.dashboard.sample_marts import write_sample_marts
from pipelines.publish import publish_warehouse


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """A build warehouse written once per session; copy it before changing it."""
    return write_sample_marts(
        tmp_path_factory.mktemp("sample") / "warehouse.duckdb", clients=12, months=24
    )


@pytest.fixture(scope="session")
def sample_published(sample_build, tmp_path_factory) -> Path:
    published = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    publish_warehouse(sample_build, published)
    return published
