"""The dbt vars the dashboard shows: `target_margin_pct` (default 35) above all.

One setting for all: the dashboard draws the margin target on its charts and sets every
support model against it; the dbt models that price agreements read the same var, so a
change in dbt_project.yml moves both. The file is read again when it changes.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from pipelines.settings import DBT_PROJECT_DIR

DEFAULT_TARGET_MARGIN_PCT = 35.0


def target_margin_pct(project_dir: Path = DBT_PROJECT_DIR) -> float:
    return float(dbt_var("target_margin_pct", DEFAULT_TARGET_MARGIN_PCT, project_dir))


def dbt_var(name: str, default: float, project_dir: Path = DBT_PROJECT_DIR) -> float:
    """A numeric var of dbt_project.yml; `default` when it is absent or not a number."""
    path = Path(project_dir) / "dbt_project.yml"
    values = _vars(path, path.stat().st_mtime_ns if path.exists() else 0)
    try:
        return float(values.get(name, default))
    except (TypeError, ValueError):
        return default


@functools.lru_cache(maxsize=4)
def _vars(path: Path, _mtime_ns: int) -> dict:
    try:
        project = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError):
        return {}
    found = project.get("vars") if isinstance(project, dict) else None
    return found if isinstance(found, dict) else {}
