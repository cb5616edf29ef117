"""`msp-insights build`: the whole Dagster job in one process, and a summary a person can read."""

from __future__ import annotations

import contextlib
import os
import re
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from pipelines import dagster_home, dbt_parse_state, housekeeping
from pipelines.build_lock import one_build_at_a_time
from pipelines.build_plan import BuildPlan, plan_build
from pipelines.build_progress import BuildProgress, stage_of, stage_totals
from pipelines.ingest.vendors.mapping_report import vendor_mapping_lines
from pipelines.progress import Progress
from pipelines.quality.gx_validation import warm_up_in_background
from pipelines.settings import DBT_SCHEMAS, Settings, env_overrides, load_settings


@dataclass
class FailedCheck:
    table: str
    check: str
    severity: str
    description: str
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class BuildResult:
    success: bool
    settings: Settings
    run_id: str
    seconds: float
    stage_seconds: dict[str, float]
    files: dict[str, int]
    rows_loaded: int
    rows_quarantined: int
    rejected_files: list[str]
    tables_built: int
    failed_checks: list[FailedCheck]
    warnings: list[FailedCheck]
    errors: list[str]
    plan: BuildPlan
    log_path: Path | None = None
    vendor_mapping: list[str] = field(default_factory=list)  # ingest/vendors/mapping_report.py

    def summary(self) -> str:
        s = self.settings
        lines = [
            f"Build {'succeeded' if self.success else 'FAILED'} in {self.seconds:.1f} s (run {self.run_id[:8]})",
            "  files: " + ", ".join(f"{n} {status}" for status, n in sorted(self.files.items()))
            if self.files else "  files: none recorded" + ("" if self.success else " (ingest did not finish)"),
            f"  rows loaded: {self.rows_loaded:,}   quarantined: {self.rows_quarantined:,}"
            + ("   (see raw.quarantine)" if self.rows_quarantined else ""),
            f"  plan: {self.plan.describe()}",
            f"  tables built: {self.tables_built}",
            "  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.stage_seconds.items()),
        ]
        lines += [f"  rejected: {msg}" for msg in self.rejected_files]
        lines += self.vendor_mapping
        for check in self.warnings:
            lines.append(f"  warning: {check.check} on {check.table}: {check.description}")
        for check in self.failed_checks:
            lines.append(f"  BLOCKING CHECK FAILED: {check.check} on {check.table}: {check.description}")
            for key, value in check.metadata.items():
                lines.append(f"      {key}: {value}")
        lines += [f"  error: {msg}" for msg in self.errors]
        if self.log_path:
            lines.append(f"  log: {self.log_path}")
        if self.success and self.rejected_files:  # only --allow-rejected publishes past them
            lines.append(f"  PUBLISHED ANYWAY (--allow-rejected): {len(self.rejected_files)} "
                         "landing file(s) rejected whole, their rows are missing from it")
        if self.success:
            lines += [
                f"  warehouse: {s.warehouse}",
                f"  published (read-only, for people): {s.published_warehouse}",
                f"  reports: {s.reports_dir}",
                "  query it: msp-insights sql \"select * from marts.fct_client_margin_monthly limit 5\"",
            ]
        elif s.published_warehouse.exists():
            lines.append(f"  published copy left as it was: {s.published_warehouse}")
        else:
            lines.append("  nothing published (no earlier build has published a copy)")
        return "\n".join(lines)


def _stage_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    started: dict[str, float] = {}
    totals: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or not entry.step_key:
            continue
        if event.event_type_value == "STEP_START":
            started[entry.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in started:
            stage = stage_of(entry.step_key)
            totals[stage] = totals.get(stage, 0.0) + entry.timestamp - started.pop(entry.step_key)
    return totals


def _file_accounting(
    warehouse: Path, since: datetime
) -> tuple[dict[str, int], int, int, list[str]]:
    """What this build did to the file registry (it also keeps every earlier build's files)."""
    if not warehouse.exists():
        return {}, 0, 0, []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        exists = con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = 'raw' and table_name = 'ingested_files'"
        ).fetchall()[0][0]
        if not exists:
            return {}, 0, 0, []
        rows = con.execute(
            "select status, count(*), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0) "
            "from raw.ingested_files where loaded_at >= ? group by status",
            [since],
        ).fetchall()
        rejected = con.execute(
            "select coalesce(message, file_path) from raw.ingested_files "
            "where status = 'rejected' and loaded_at >= ? order by file_path",
            [since],
        ).fetchall()
    files = {status: n for status, n, _, _ in rows}
    return (files, sum(r[2] for r in rows), sum(r[3] for r in rows), [r[0] for r in rejected])


def _checks(result: dg.ExecuteInProcessResult) -> tuple[list[FailedCheck], list[FailedCheck]]:
    blocking, warnings = [], []
    for evaluation in result.get_asset_check_evaluations():
        if evaluation.passed:
            continue
        meta = {k: str(getattr(v, "value", v))[:2000] for k, v in (evaluation.metadata or {}).items()}
        check = FailedCheck(
            table=evaluation.asset_key.to_user_string(),
            check=evaluation.check_name,
            severity=evaluation.severity.value,
            description=evaluation.description or "",
            metadata=meta,
        )
        (blocking if evaluation.severity == dg.AssetCheckSeverity.ERROR else warnings).append(check)
    return blocking, warnings


def _step_errors(result: dg.ExecuteInProcessResult) -> list[str]:
    errors = []
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE" and event.step_failure_data:
            error = event.step_failure_data.error
            message = root_cause(error) if error else "unknown error"
            errors.append(f"step {event.step_key} failed: {message[:3000]}")
    return errors


def root_cause(error) -> str:
    """The innermost error of Dagster's chain: "Could not set lock on file ...", "No space left
    on device", "not a valid DuckDB database file", not "Error occurred while executing op"."""
    while error.cause is not None:
        error = error.cause
    message = error.message.strip()
    if error.cls_name:  # "_duckdb.IOException: IO Error: ..." -> "IO Error: ..."
        message = re.sub(rf"^[\w.]*{re.escape(error.cls_name)}: ", "", message)
    for marker, hint in _HINTS:
        if marker in message:
            message = f"{message.splitlines()[0]} ({hint})"
    return message


# What a person can do about the commonest causes.
_HINTS = (
    ("Conflicting lock is held", "another program has the build warehouse open; people and "
     "tools should open the published copy, data/published/warehouse.duckdb"),
    ("No space left on device", "the disk is full; the published copy was left as it was"),
    ("not a valid DuckDB database", "the build warehouse is damaged; move it aside and build "
     "again with --full"),
)  # fmt: skip


def _log_failures(result: dg.ExecuteInProcessResult) -> None:
    """Each failed step's whole error, traceback included, into the build's log (stdout here)."""
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE" and event.step_failure_data:
            error = event.step_failure_data.error
            print(f"\n=== step {event.step_key} failed ===\n{error.to_string() if error else ''}")


def _stage_totals(defs: dg.Definitions, plan: BuildPlan) -> dict[str, int]:
    from pipelines.defs.quality.checks import CHECK_NAME

    if plan.everything:
        graph = defs.resolve_asset_graph()
        assets, checks = set(graph.materializable_asset_keys), set(graph.asset_check_keys)
    else:
        assets, checks = plan.selection(defs.resolve_asset_graph())
    return stage_totals(assets, checks, CHECK_NAME)


def run_build(
    landing_dir: str | os.PathLike | None = None,
    warehouse: str | os.PathLike | None = None,
    data_dir: str | os.PathLike | None = None,
    as_of: str | None = None,
    report_week: str | None = None,
    full: bool = False,
    wait: bool = True,
    progress: Progress | None = None,
    allow_rejected: bool = False,
) -> BuildResult:
    """Ingest, transform, check, publish and report, in this process.

    Only what is downstream of the raw tables that changed since the last successful build
    runs (pipelines/build_plan.py); `full` rebuilds everything. One build at a time per
    warehouse: another build's lock is waited for, or (`wait=False`) raises BuildLocked.
    `progress` shows each stage as it runs (default: nothing).
    """
    progress = progress or Progress("quiet")
    settings = load_settings(data_dir, landing_dir, warehouse)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    # Every part (dbt's profile included) reads the same locations, for this run only.
    locations = {
        "MSP_DATA_DIR": str(settings.data_dir),
        "MSP_LANDING_DIR": str(settings.landing_dir),
        "MSP_WAREHOUSE": str(settings.warehouse),
        "DAGSTER_HOME": str(settings.dagster_home),
    }
    if allow_rejected:  # the no_file_rejected check then warns instead of blocking
        locations["MSP_ALLOW_REJECTED"] = "1"
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    with env_overrides(**locations), one_build_at_a_time(settings.warehouse, wait, progress.say):
        # Holding the lock, nothing of a live run can be taken for a killed run's leftovers.
        housekeeping.remove_leftovers(settings)
        housekeeping.prune_dbt_runs(settings)
        housekeeping.prune_build_logs(settings)
        return _run_job(settings, as_of, report_week, full, progress)


def _run_job(
    settings: Settings, as_of: str | None, report_week: str | None, full: bool, progress: Progress
) -> BuildResult:
    """Execute the msp_build job in this process and read back what it did."""
    dbt_parse_state.parse_ahead(settings, as_of)  # a data folder's first build: dbt parses meanwhile
    try:
        return _execute(settings, as_of, report_week, full, progress)
    finally:  # a build that stopped before dbt still leaves the parse for the next one
        dbt_parse_state.finish_parse_ahead(settings.dbt_target_dir)


def _execute(
    settings: Settings, as_of: str | None, report_week: str | None, full: bool, progress: Progress
) -> BuildResult:
    from pipelines.dbt_manifest import ensure_manifest

    ensure_manifest()  # the code location reads dbt's manifest: parse it if the project changed
    from pipelines.definitions import defs
    plan = plan_build(settings, as_of, full)  # after defs: they keep dbt's manifest current
    if not (plan.everything or plan.changed_raw_tables):
        # No dbt step to import Great Expectations during (msp_dbt_models does): do it while
        # ingest registers the files, for the freshness check that runs on every build.
        warm_up_in_background()

    run_config: dict = {
        "resources": {
            "msp": {
                "config": {
                    "data_dir": str(settings.data_dir),
                    "landing_dir": str(settings.landing_dir),
                    "warehouse": str(settings.warehouse),
                    "as_of": as_of or "",
                }
            }
        },
        # Failures reach the person through the summary (their cause) and the log file (the
        # whole trace): Dagster's console logger would print tracebacks to the terminal.
        "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
    }
    ops: dict = {}
    if full:  # --full reads every raw table again from the landing files, and rebuilds from it
        ops["ingest_landing_files"] = {"config": {"full": True}}
        ops["msp_dbt_models"] = {"config": {"full_refresh": True}}
    if report_week:
        ops["reports__weekly_client_health_reports"] = {"config": {"week": report_week}}
    run_config["ops"] = ops

    build_started_utc = datetime.now(UTC).replace(tzinfo=None)
    started = time.perf_counter()
    # The data folder's instance: the run, its materializations and check results are kept
    # for the Dagster UI (`make dev`), beside the schedule's and the UI's own runs.
    instance = dagster_home.instance(settings)
    job = plan.job_for(defs, "msp_build")
    log_path = settings.data_dir / "logs" / f"build-{build_started_utc:%Y%m%dT%H%M%S}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    # Progress comes from the run's own events, handed to the listener as each is stored.
    run_id = str(uuid.uuid4())
    listener = BuildProgress(progress, _stage_totals(defs, plan), settings.warehouse,
                             build_started_utc)  # fmt: skip
    instance.add_event_listener(run_id, listener)
    # dagster-dbt echoes every dbt line to stdout: keep it in a log file, print a summary.
    with instance, log_path.open("w") as log, contextlib.redirect_stdout(log):
        result = job.execute_in_process(
            run_config=run_config, instance=instance, raise_on_error=False, run_id=run_id,
            tags=plan.run_tags(),
        )
        _log_failures(result)
        stage_seconds = _stage_seconds(instance, result.run_id)
    seconds = time.perf_counter() - started
    listener.finish(result.success)

    try:
        files, loaded, quarantined, rejected = _file_accounting(settings.warehouse, build_started_utc)
    except duckdb.Error as error:  # e.g. a failed step's dbt process still holds the file
        files, loaded, quarantined, rejected = {}, 0, 0, []
        registry_error = f"file registry unreadable: {str(error).splitlines()[0]}"
    else:
        registry_error = ""
    errors = _step_errors(result)
    blocking, warnings = _checks(result)
    materialized = {e.asset_key for e in result.get_asset_materialization_events()
                    if e.asset_key and e.asset_key.path[0] in DBT_SCHEMAS}
    return BuildResult(
        success=result.success and not blocking,
        settings=settings,
        run_id=result.run_id,
        seconds=seconds,
        stage_seconds=stage_seconds,
        files=files,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        rejected_files=rejected,
        tables_built=len(materialized),
        failed_checks=blocking,
        warnings=warnings,
        # The registry is unreadable after a failed step mostly for the same cause: say it once.
        errors=errors or ([registry_error] if registry_error else []),
        log_path=log_path,
        plan=plan,
        vendor_mapping=vendor_mapping_lines(settings.warehouse),
    )
