"""What runs leave behind in the data folder, tidied at the start of the next build.

dbt writes about 6 MB of artifacts and logs per invocation: each build's dbt runs get a folder
under `$MSP_DATA_DIR/dbt/target/`, and only the newest few are kept. A run killed part-way
leaves temporary files (a publish's staged copy, the docs site's work folder, a report being
written); the next build removes them. Call these only while holding the build lock
(pipelines/build_lock.py), so no live run's files are taken.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.dbt_parse_state import PARTIAL_PARSE
from pipelines.publish import TEMP_SUFFIX
from pipelines.settings import Settings

KEEP_DBT_RUNS = 5
KEEP_BUILD_LOGS = 20


def prune_dbt_runs(settings: Settings, keep: int = KEEP_DBT_RUNS) -> list[Path]:
    """Remove all but the newest `keep` dbt invocation folders; return what was removed."""
    target = settings.dbt_target_dir
    if not target.is_dir():
        return []
    runs = sorted((p for p in target.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    removed = runs[: max(len(runs) - keep, 0)]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed


def prune_build_logs(settings: Settings, keep: int = KEEP_BUILD_LOGS) -> list[Path]:
    """The build's own log files (data/logs/build-*.log): the newest `keep` stay."""
    logs = sorted((settings.data_dir / "logs").glob("build-*.log"), key=lambda p: p.stat().st_mtime)
    removed = logs[: max(len(logs) - keep, 0)]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def remove_leftovers(settings: Settings) -> list[Path]:
    """Temporary files and folders of runs that were killed before they could clean up."""
    data = settings.data_dir
    found = [
        *data.glob(".dbt-docs-*"),  # publish.generate_dbt_docs's work folder
        *settings.published_dir.glob(f".*{TEMP_SUFFIX}"),  # publish's staged copy
        *settings.reports_dir.rglob("*.tmp"),  # a report or delivery record being written
        *settings.dbt_target_dir.glob(f".{PARTIAL_PARSE}.*"),  # parse state being handed on
    ]
    for path in found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found
