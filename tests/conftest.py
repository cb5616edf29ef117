"""Shared fixtures: one small generated portfolio, built once per test session by the real job."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@dataclass
class BuiltPortfolio:
    root: Path
    landing: Path
    data_dir: Path
    truth: dict
    result: object  # pipelines.build.BuildResult

    @property
    def warehouse(self) -> Path:
        return self.result.settings.warehouse

    @property
    def published(self) -> Path:
        return self.result.settings.published_warehouse


@pytest.fixture(scope="session", autouse=True)
def _dbt_manifest():
    """@dbt_assets reads dbt's manifest when the code location loads: parse once, up front."""
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    from pipelines.defs.transform.manifest import ensure_manifest

    ensure_manifest()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def build_portfolio(root: Path, clients: int, months: int, seed: int, **generate_kwargs) -> BuiltPortfolio:
    """Generate a portfolio under root and build it with the real Dagster job (env restored after)."""
    from pipelines.build import run_build
    from pipelines.generate import generate_portfolio

    landing = root / "landing"
    generate_portfolio(landing, clients=clients, months=months, seed=seed, **generate_kwargs)
    saved = {k: os.environ.get(k) for k in ("MSP_DATA_DIR", "MSP_LANDING_DIR", "MSP_WAREHOUSE")}
    try:
        result = run_build(landing_dir=landing, data_dir=root / "data")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert result.success, result.summary()
    truth = json.loads((landing / "_truth.json").read_text())
    return BuiltPortfolio(root=root, landing=landing, data_dir=root / "data", truth=truth, result=result)


@pytest.fixture(scope="session")
def built_portfolio(tmp_path_factory) -> BuiltPortfolio:
    """8 clients x 4 months, seed 11: small, but every rule of DESIGN.md section 5 occurs."""
    return build_portfolio(tmp_path_factory.mktemp("portfolio"), clients=8, months=4, seed=11)
