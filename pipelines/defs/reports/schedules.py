"""Monday 06:00: build everything and report on the ISO week that has just ended."""

from __future__ import annotations

import os

import dagster as dg

from pipelines.reports.weeks import last_complete_iso_week

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
        description="Every Monday 06:00: ingest, transform, check, publish, then the weekly "
        "client health reports for the last complete ISO week.",
    )
    def _schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
        tick = context.scheduled_execution_time
        week = str(last_complete_iso_week(tick))
        return dg.RunRequest(
            run_key=f"weekly-reports-{week}",
            run_config=weekly_reports_run_config(week),
            tags={"msp/report_week": week},
        )

    return _schedule
