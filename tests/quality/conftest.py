from __future__ import annotations

from pathlib import Path

import pytest
from quality_fixture_warehouse import build_good_warehouse

from pipelines.quality import QualityConfig
from pipelines.settings import EXPECTATIONS_DIR


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch) -> None:
    """No published copy unless a test makes one: the lost-data checks compare with
    $MSP_DATA_DIR/published, which must not be whatever ./data holds."""
    monkeypatch.setenv("MSP_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def good_warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    build_good_warehouse(str(path))
    return path


@pytest.fixture
def config() -> QualityConfig:
    """The repo's suites; freshness is tested on its own (the fixture's data is from 2024)."""
    return QualityConfig(
        expectations_dir=EXPECTATIONS_DIR, freshness_max_days=1e9, freshness_blocking=False
    )
