"""Generate a portfolio and build it with the real job: shared by conftest and end-to-end tests."""

from __future__ import annotations

import json
import os
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


def build_portfolio(
    root: Path, clients: int, months: int, seed: int, **generate_kwargs
) -> BuiltPortfolio:
    """Generate a portfolio under root and build it with the real Dagster job ."""
    from pipelines.build import run_build
    from pipelines.generate import generate_portfolio

    landing = root / "landing"
    generate_portfolio(landing, clients=clients, months=months, seed=seed, **generate_kwargs)
    # The docs site costs a dbt run; tests/publish checks it, the other builds skip it.
    # (run_build restores the MSP_* locations it sets itself.)
    saved_docs = os.environ.get("MSP_DBT_DOCS")
    os.environ["MSP_DBT_DOCS"] = "off"
    try:
        result = run_build(landing_dir=landing, data_dir=root / "data")
    finally:
        if saved_docs is None:
            os.environ.pop("MSP_DBT_DOCS", None)
        else:
            os.environ["MSP_DBT_DOCS"] = saved_docs
    assert result.success, result.summary()
    truth = json.loads((landing / "_truth.json").read_text())
    return BuiltPortfolio(
        root=root, landing=landing, data_dir=root / "data", truth=truth, result=result
    )
