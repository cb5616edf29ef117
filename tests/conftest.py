"""Shared fixtures: one small generated portfolio, built once per test session by the real job.

dbt's manifest is prepared once per session, before the code location is loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.portfolio import BuiltPortfolio, build_portfolio

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def pytest_configure(config):
    """dbt's manifest, as `make manifest` prepares it, before any test loads the code location
    (once, in the controlling process: xdist's workers find it ready)."""
    if not hasattr(config, "workerinput"):
        from pipelines.defs.transform.manifest import ensure_manifest

        ensure_manifest()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def built_portfolio(tmp_path_factory) -> BuiltPortfolio:
    """8 clients x 4 months, seed 11: small, but every rule of docs/design.md section 5 occurs."""
    return build_portfolio(tmp_path_factory.mktemp("portfolio"), clients=8, months=4, seed=11)
