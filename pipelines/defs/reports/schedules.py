"""Monday 06:00: build what changed and report on the ISO week that has just ended."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.build_plan import BuildPlan, plan_build
from pipelines.reports.weeks import last_complete_iso_week
from pipelines.settings import load_settings

REPORTS_OP = "reports__weekly_client_health_reports"


def weekly_reports_run_config(week: str, resend: bool = False) -> dict:
    return {"ops": {REPORTS_OP: {"config": {"week": week, "resend": resend}}}}


def weekly_client_health_reports_schedule(timezone: str | None = None) -> dg.ScheduleDefinition:
    """The schedule, in MSP_REPORT_TIMEZONE (default UTC), read when the code location loads."""
    execution_timezone = timezone or os.environ.get("MSP_REPORT_TIMEZONE") or "UTC"

    @dg.schedule(
        name="weekly_client_health_reports_schedule",
        cron_schedule="0 6 * * 1",
        job_name="msp_build",
        execution_timezone=execution_timezone,
        # On from the first start; switched off in the UI, it stays off (DAGSTER_HOME keeps it).
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Every Monday 06:00: ingest, transform, check, publish, then the weekly "
        "client health reports for the last complete ISO week.",
    )
    def _schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        tick = context.scheduled_execution_time
        week = str(last_complete_iso_week(tick))
        try:
            # The week's exports: only what reads the raw tables they change is rebuilt.
            plan = plan_build(load_settings())
        except Exception as error:  # noqa: BLE001 - e.g. a landing file gone mid-plan: build it all
            plan = BuildPlan(True, f"no plan could be made: {error}")
        context.log.info(f"plan: {plan.describe()}")
        selection: dict = {}
        if not plan.everything:
            assets, checks = plan.selection(context.repository_def.asset_graph)
            selection = {
                "asset_selection": sorted(assets, key=str),
                "asset_check_keys": sorted(checks, key=str),
            }
        return dg.RunRequest(
            run_key=f"weekly-reports-{week}",
            run_config=weekly_reports_run_config(week),
            tags={"msp/report_week": week, **plan.run_tags()},
            **selection,
        )

    return _schedule
