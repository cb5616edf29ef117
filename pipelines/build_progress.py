"""A build's progress, read from Dagster's own event stream as the run stores each event.

The in-process run hands every event (step started, asset materialized, check evaluated, step
finished) to the listeners of its instance as it happens; this one turns them into the stages
a person knows: ingest (each file and its rows), dbt (model n of N), checks, publish, reports.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.progress import Progress
from pipelines.settings import DBT_SCHEMAS

_STAGE_BY_STEP_PREFIX = (
    ("raw", "ingest"),
    ("ingest", "ingest"),
    ("msp_dbt_models", "dbt"),
    ("quality", "checks"),
    ("publish", "publish"),
    ("reports", "reports"),
)


def stage_of(step_key: str) -> str:
    """Which stage of docs/design.md section 2 a Dagster step belongs to."""
    if step_key.endswith("_quality_suite"):
        return "checks"
    for prefix, stage in _STAGE_BY_STEP_PREFIX:
        if step_key.startswith(prefix):
            return stage
    return "other"


def stage_totals(
    assets: set[dg.AssetKey], checks: set[dg.AssetCheckKey], quality_check_name: str
) -> dict[str, int]:
    """How many items each stage will report: dbt nodes to build, quality suites to run."""
    return {
        "dbt": sum(1 for key in assets if key.path[0] in DBT_SCHEMAS),
        "checks": sum(1 for key in checks if key.name == quality_check_name),
    }


class BuildProgress:
    """Listener for `DagsterInstance.add_event_listener`: shows each event on a Progress."""

    def __init__(
        self, progress: Progress, totals: dict[str, int], warehouse: Path, since: datetime
    ) -> None:
        self.progress = progress
        self.totals = totals
        self.warehouse = warehouse
        self.since = since
        self.stage: str | None = None
        self.failed_steps: list[str] = []

    def __call__(self, entry: dg.EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None:
            return
        kind = event.event_type_value
        if kind == "STEP_START" and event.step_key:
            self._enter(stage_of(event.step_key))
        elif kind == "ASSET_MATERIALIZATION" and self.stage == "dbt":
            key = event.asset_key
            if key is not None and key.path[0] in DBT_SCHEMAS:
                self.progress.advance(key.to_user_string().replace("/", "."))
        elif kind == "ASSET_CHECK_EVALUATION" and self.stage == "checks":
            data = event.event_specific_data
            table = data.asset_key.to_user_string().replace("/", ".")
            blocking = data.severity == dg.AssetCheckSeverity.ERROR
            verdict = "passed" if data.passed else "FAILED" if blocking else "warning"
            self.progress.advance(f"{table} {verdict}")
        elif kind == "STEP_FAILURE" and event.step_key:
            self.failed_steps.append(event.step_key)
            self.progress.note(f"step {event.step_key} failed")
        elif kind == "STEP_SUCCESS" and stage_of(event.step_key or "") == "ingest":
            self._files_of_this_build()

    def _enter(self, stage: str) -> None:
        if stage == self.stage:
            return
        if self.stage:
            self.progress.end(self.stage)
        self.stage = stage
        self.progress.start(stage, self.totals.get(stage))

    def _files_of_this_build(self) -> None:
        """Each landing file ingest read, with its rows (ingest has closed the warehouse)."""
        try:
            with duckdb.connect(str(self.warehouse), read_only=True) as con:
                files = con.execute(
                    "select file_path, status, rows_loaded, rows_quarantined from raw.ingested_files "
                    "where loaded_at >= ? order by file_path",
                    [self.since],
                ).fetchall()
        except duckdb.Error:
            return  # progress is a courtesy: the summary reports the registry anyway
        for path, status, loaded, quarantined in files:
            rows = f"{loaded or 0:,} rows" + (f", {quarantined:,} quarantined" if quarantined else "")
            self.progress.note(f"{path}: {status}" + (f", {rows}" if loaded or quarantined else ""))

    def finish(self, success: bool) -> None:
        if self.stage:
            self.progress.end(self.stage, "done" if success else "FAILED")
        self.progress.close()
