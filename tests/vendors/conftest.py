"""Fixtures shared by the vendor comparisons."""

from __future__ import annotations

import pytest

from tests.vendors.portfolios import generate


@pytest.fixture(scope="session")
def generic_marts(tmp_path_factory):
    """The generic-format build of the test portfolio (ingest + dbt, tests/fastbuild.py),
    shared by every comparison of a vendor format's marts."""
    from tests.fastbuild import build_marts

    root = tmp_path_factory.mktemp("generic_build")
    return build_marts(generate(root / "landing"), root / "data")
