"""Generate a portfolio and build it with the real job: shared by conftest and end-to-end tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


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


def build_without_docs(landing: Path, data_dir: Path):
    """run_build, asserting success. The docs site costs a dbt run: tests/publish checks it,
    every other test build skips it (run_build restores the MSP_* locations it sets itself)."""
    from pipelines.build import run_build
    from pipelines.settings import env_overrides

    with env_overrides(MSP_DBT_DOCS="off"):
        result = run_build(landing_dir=landing, data_dir=data_dir)
    assert result.success, result.summary()
    return result


def build_portfolio(
    root: Path, clients: int, months: int, seed: int, **generate_kwargs
) -> BuiltPortfolio:
    """Generate a portfolio under root and build it with the real Dagster job."""
    from pipelines.generate import generate_portfolio

    landing = root / "landing"
    generate_portfolio(landing, clients=clients, months=months, seed=seed, **generate_kwargs)
    result = build_without_docs(landing, root / "data")
    truth = json.loads((landing / "_truth.json").read_text())
    return BuiltPortfolio(
        root=root, landing=landing, data_dir=root / "data", truth=truth, result=result
    )
