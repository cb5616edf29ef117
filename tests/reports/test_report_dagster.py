"""The Dagster asset writes the week's reports; the Monday schedule asks for the week just ended."""

from __future__ import annotations

import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest

from pipelines.build_plan import PLAN_TAG
from pipelines.defs.reports import defs
from pipelines.defs.reports.assets import weekly_client_health_reports
from pipelines.defs.reports.schedules import REPORTS_OP, weekly_client_health_reports_schedule
from pipelines.resources import MspSettings
from pipelines.settings import DBT_SCHEMAS


def _tick(schedule: dg.ScheduleDefinition, when: datetime) -> dg.RunRequest:
    from pipelines.definitions import defs as code_location  # the schedule plans in its graph

    context = dg.build_schedule_context(
        scheduled_execution_time=when, repository_def=code_location.get_repository_def()
    )
    (request,) = list(schedule.evaluate_tick(context).run_requests)
    return request


@pytest.mark.unit
@pytest.mark.parametrize(
    ("tick", "week"),
    [
        (datetime(2026, 11, 23, 6, 0), "2026-W47"),
        (datetime(2027, 1, 4, 6, 0), "2026-W53"),
        (datetime(2026, 1, 5, 6, 0), "2026-W01"),
    ],
)
def test_monday_tick_asks_for_the_week_just_ended(tick, week, tmp_path, monkeypatch):
    monkeypatch.setenv("MSP_DATA_DIR", str(tmp_path / "data"))  # no warehouse yet
    schedule = weekly_client_health_reports_schedule()
    request = _tick(schedule, tick.replace(tzinfo=ZoneInfo("UTC")))
    assert request.run_config["ops"][REPORTS_OP] == {"config": {"week": week, "resend": False}}
    # A new warehouse: the whole job (publish records that everything was built).
    assert request.asset_selection is None
    assert request.tags[PLAN_TAG] == "full build (new warehouse)"
    assert schedule.cron_schedule == "0 6 * * 1" and schedule.job_name == "msp_build"


@pytest.mark.build
def test_monday_tick_rebuilds_only_what_the_weeks_files_change(built_portfolio, monkeypatch):
    """On a built warehouse the tick plans like `msp-insights build`: a new tickets file
    selects what reads raw.tickets, with its checks; agreements' staging is left alone."""
    monkeypatch.setenv("MSP_DATA_DIR", str(built_portfolio.data_dir))
    monkeypatch.setenv("MSP_LANDING_DIR", str(built_portfolio.landing))
    schedule = weekly_client_health_reports_schedule()
    tick = datetime(2026, 11, 23, 6, 0, tzinfo=ZoneInfo("UTC"))
    unchanged = _tick(schedule, tick)
    assert unchanged.tags[PLAN_TAG].startswith("nothing changed"), unchanged.tags
    assert {k.to_user_string() for k in unchanged.asset_selection} >= {
        "raw/ingested_files",
        "publish/published_warehouse",
        "reports/weekly_client_health_reports",
    }
    assert not any(
        k.path[0] in DBT_SCHEMAS for k in unchanged.asset_selection
    )

    week_file = built_portfolio.landing / "generic" / "tickets_schedule_test.csv"
    week_file.write_text(
        "ticket_id,client_id,created_at,priority\nT-NEW,C0001,2026-11-20T10:00:00Z,P3\n"
    )
    try:
        request = _tick(schedule, tick)
    finally:
        week_file.unlink()
    names = {k.to_user_string() for k in request.asset_selection}
    assert {"marts/fct_tickets", "marts/fct_client_sla_monthly"} <= names
    assert "staging/stg_generic__agreements" not in names
    assert any(
        c.asset_key.to_user_string() == "marts/fct_tickets" for c in request.asset_check_keys
    )
    assert request.tags[PLAN_TAG] == "changed since the last build: raw.tickets"


@pytest.mark.unit
def test_schedule_timezone_comes_from_the_environment(monkeypatch):
    assert weekly_client_health_reports_schedule().execution_timezone == "UTC"
    monkeypatch.setenv("MSP_REPORT_TIMEZONE", "Europe/London")
    schedule = weekly_client_health_reports_schedule()
    assert schedule.execution_timezone == "Europe/London"
    # Monday 06:00 in London, whatever the UTC offset: the week that ended on Sunday.
    request = _tick(schedule, datetime(2026, 7, 6, 6, 0, tzinfo=ZoneInfo("Europe/London")))
    assert request.run_config["ops"][REPORTS_OP]["config"]["week"] == "2026-W27"


@pytest.mark.unit
def test_reports_area_exports_the_asset_and_schedule():
    job = dg.define_asset_job("msp_build", selection=dg.AssetSelection.all())
    full = dg.Definitions.merge(defs, dg.Definitions(jobs=[job], resources={"msp": MspSettings()}))
    dg.Definitions.validate_loadable(full)
    spec = full.resolve_assets_def(dg.AssetKey(["reports", "weekly_client_health_reports"]))
    assert (
        spec.group_names_by_key[dg.AssetKey(["reports", "weekly_client_health_reports"])]
        == "reports"
    )
    deps = {d for keys in spec.asset_deps.values() for d in keys}
    assert deps == {dg.AssetKey(["publish", "published_warehouse"])}
    assert (
        full.resolve_schedule_def("weekly_client_health_reports_schedule").job_name == "msp_build"
    )


@pytest.mark.build
def test_asset_writes_reports_from_the_published_warehouse(report_warehouse, tmp_path):
    published = tmp_path / "data" / "published" / "warehouse.duckdb"
    published.parent.mkdir(parents=True)
    shutil.copy(report_warehouse, published)
    result = dg.materialize(
        [weekly_client_health_reports],
        resources={"msp": MspSettings(data_dir=str(tmp_path / "data"))},
        run_config={"ops": {REPORTS_OP: {"config": {"week": "2026-W45"}}}},
    )
    assert result.success
    (materialization,) = result.asset_materializations_for_node(REPORTS_OP)
    metadata = {k: v.value for k, v in materialization.metadata.items()}
    assert metadata["files_written"] == 10 and metadata["emails_sent"] == 0
    assert metadata["account_briefs"] == 4 and metadata["reports_not_written"] == "none"
    assert metadata["week"] == "2026-W45"
    assert metadata["path"] == str(tmp_path / "data" / "reports" / "2026-W45")
    assert sorted(p.name for p in (tmp_path / "data" / "reports" / "2026-W45").iterdir()) == [
        *(f"account-C000{n}.html" for n in range(1, 5)),
        "account-briefs.html",
        *(f"client-C000{n}.html" for n in range(1, 5)),
        "portfolio.html",
    ]


@pytest.mark.unit
def test_schedule_run_config_is_valid_for_the_whole_msp_build_job(tmp_path, monkeypatch):
    """The tick's run config must validate against the lead's real job over every asset."""
    from pipelines.definitions import defs as code_location

    monkeypatch.setenv("MSP_DATA_DIR", str(tmp_path / "data"))
    schedule = code_location.resolve_schedule_def("weekly_client_health_reports_schedule")
    job = code_location.resolve_job_def("msp_build")
    request = _tick(schedule, datetime(2026, 11, 23, 6, 0, tzinfo=ZoneInfo("UTC")))
    assert dg.validate_run_config(job, request.run_config)
    assert REPORTS_OP in job.graph.node_dict


@pytest.mark.build
def test_asset_emails_and_reports_counts_without_secrets(report_warehouse, tmp_path, smtp_server):
    from report_support import SECRET

    inbox = smtp_server()
    published = tmp_path / "data" / "published" / "warehouse.duckdb"
    published.parent.mkdir(parents=True)
    shutil.copy(report_warehouse, published)
    result = dg.materialize(
        [weekly_client_health_reports],
        resources={"msp": MspSettings(data_dir=str(tmp_path / "data"))},
        run_config={"ops": {REPORTS_OP: {"config": {"week": "2026-W46"}}}},
    )
    (materialization,) = result.asset_materializations_for_node(REPORTS_OP)
    metadata = {k: v.value for k, v in materialization.metadata.items()}
    assert (metadata["emails_sent"], metadata["emails_failed"]) == (4, 0) and len(
        inbox.messages
    ) == 4
    assert metadata["clients_without_recipients"] == "C0003"
    assert SECRET not in repr(metadata)
