"""Run options of the quality gates, read from the environment when asked (never at import).

| env var | default | meaning |
|---|---|---|
| MSP_EXPECTATIONS_DIR | the repo's expectations/ | folder of GX suites, one JSON per guarded table |
| MSP_FRESHNESS_MAX_DAYS | 7 | oldest acceptable as-of time of the data, in days before the run |
| MSP_FRESHNESS_BLOCKING | 0 | 1: stale data blocks publish and reports (scheduled deployments set it) |
| MSP_LOST_DATA_MIN_SHARE | 50 | % of the last published build's value a complete month must keep (0: off) |
| MSP_EARLIEST_MONTH | 2000-01 | no client has a month before this one |
| MSP_ALLOW_REJECTED | 0 | 1: a landing file rejected whole only warns (`build --allow-rejected`) |
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipelines.settings import EXPECTATIONS_DIR, load_settings

DEFAULT_MIN_SHARE_PCT = 50.0
DEFAULT_EARLIEST_MONTH = date(2000, 1, 1)


@dataclass(frozen=True)
class QualityConfig:
    expectations_dir: Path
    freshness_max_days: float
    freshness_blocking: bool
    # Lost data (docs/ARCHITECTURE.md, "Quality gates"): the published copy to compare with
    # (None: nothing to compare), the share of it a complete month must keep, the first month a
    # client may have, and whether a file rejected whole may be published past.
    published_warehouse: Path | None = None
    lost_data_min_share_pct: float = DEFAULT_MIN_SHARE_PCT
    earliest_month: date = DEFAULT_EARLIEST_MONTH
    allow_rejected: bool = False


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def _month(text: str) -> date:
    """'2000-01' or '2000-01-01' -> the month's first day."""
    try:
        year, month = (int(part) for part in text.strip().split("-")[:2])
        return date(year, month, 1)
    except ValueError as error:
        raise ValueError(f"MSP_EARLIEST_MONTH must be YYYY-MM, not {text!r}") from error


def _share(text: str | None) -> float:
    """A percentage 0-100; 0 turns the comparison with the published build off."""
    try:
        share = float(text) if text and text.strip() else DEFAULT_MIN_SHARE_PCT
    except ValueError:
        share = -1.0
    if not 0 <= share <= 100:
        raise ValueError(f"MSP_LOST_DATA_MIN_SHARE must be a percentage 0-100, not {text!r}")
    return share


def expectations_dir() -> Path:
    """Where the suites are: all that loading the code location needs (a bad threshold setting
    then fails the checks that read it, with its name, not the import)."""
    return Path(os.environ.get("MSP_EXPECTATIONS_DIR") or EXPECTATIONS_DIR).resolve()


def load_quality_config() -> QualityConfig:
    return QualityConfig(
        expectations_dir=expectations_dir(),
        freshness_max_days=float(os.environ.get("MSP_FRESHNESS_MAX_DAYS") or 7),
        freshness_blocking=_flag("MSP_FRESHNESS_BLOCKING"),
        published_warehouse=load_settings().published_warehouse,
        lost_data_min_share_pct=_share(os.environ.get("MSP_LOST_DATA_MIN_SHARE")),
        earliest_month=_month(os.environ.get("MSP_EARLIEST_MONTH") or "2000-01"),
        allow_rejected=_flag("MSP_ALLOW_REJECTED"),
    )
