"""Run options of the quality gates, read from the environment when asked (never at import).

| env var | default | meaning |
|---|---|---|
| MSP_EXPECTATIONS_DIR | the repo's expectations/ | folder of GX suites, one JSON per guarded table |
| MSP_FRESHNESS_MAX_DAYS | 7 | oldest acceptable as-of time of the data, in days before the run |
| MSP_FRESHNESS_BLOCKING | 0 | 1: stale data blocks publish and reports (scheduled deployments set it) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.settings import EXPECTATIONS_DIR


@dataclass(frozen=True)
class QualityConfig:
    expectations_dir: Path
    freshness_max_days: float
    freshness_blocking: bool


def load_quality_config() -> QualityConfig:
    return QualityConfig(
        expectations_dir=Path(os.environ.get("MSP_EXPECTATIONS_DIR") or EXPECTATIONS_DIR).resolve(),
        freshness_max_days=float(os.environ.get("MSP_FRESHNESS_MAX_DAYS") or 7),
        freshness_blocking=os.environ.get("MSP_FRESHNESS_BLOCKING", "").strip().lower()
        in {"1", "true", "yes"},
    )
