"""Ingest tests need no dbt: replace the session-wide manifest preparation with a no-op."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _dbt_manifest():
    """Overrides tests/conftest.py: ingest never loads the dbt code location."""
    yield
