"""Shared fixtures: one small generated portfolio, built once per test session by the real job.

Loading the code location parses the dbt project (pipelines/defs/transform/manifest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.portfolio import BuiltPortfolio, build_portfolio

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def built_portfolio(tmp_path_factory) -> BuiltPortfolio:
    """8 clients x 4 months, seed 11: small, but every rule of docs/design.md section 5 occurs."""
    return build_portfolio(tmp_path_factory.mktemp("portfolio"), clients=8, months=4, seed=11)
