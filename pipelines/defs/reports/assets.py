"""The weekly reports asset: reads the published warehouse, writes HTML, emails when configured."""

# No `from __future__ import annotations`: Dagster reads the config and resource annotations.

import dagster as dg

from pipelines.reports import write_weekly_reports
from pipelines.resources import MspSettings


class WeeklyReportsConfig(dg.Config):
    week: str | None = None  # YYYY-Www; empty: the last complete week before the data's as-of time
    resend: bool = False  # email again reports the week's send log says were already sent
    pdf: bool = False  # also print PDF copies (needs Playwright and a local Chromium)


@dg.asset(
    key=["reports", "weekly_client_health_reports"],
    group_name="reports",
    deps=[dg.AssetKey(["publish", "published_warehouse"])],
    kinds={"html", "email"},
    description="For an ISO week: per client, a client report (service outcomes, emailed to the "
    "client's recipients) and an internal account brief; the portfolio report and all briefs "
    "for leadership. Written under the reports folder, emailed when MSP_SMTP_HOST is set.",
)
def weekly_client_health_reports(
    context: dg.AssetExecutionContext, config: WeeklyReportsConfig, msp: MspSettings
) -> dg.MaterializeResult:
    settings = msp.settings()
    run = write_weekly_reports(
        settings.published_warehouse,
        week=config.week or None,
        out_dir=settings.reports_dir,
        resend=config.resend,
        pdf=config.pdf,
    )
    context.log.info(run.summary())
    for key, reason in sorted(run.emails_failed.items()):
        context.log.warning(f"report email for {key} failed, report kept on disk: {reason}")
    for key, reason in sorted(run.failed_reports.items()):
        context.log.warning(f"report for {key} not written, the others went out: {reason}")
    for warning in run.warnings:
        context.log.warning(warning)
    return dg.MaterializeResult(
        metadata={
            "week": run.week,
            "path": dg.MetadataValue.path(str(run.folder)),
            "files_written": len(run.files_written),
            "emails_sent": len(run.emails_sent),
            "emails_already_sent": len(run.emails_already_sent),
            "emails_failed": len(run.emails_failed),
            "failed_reports": ", ".join(sorted(run.emails_failed)) or "none",
            "clients_without_recipients": ", ".join(run.clients_without_recipients) or "none",
            "reports_not_written": ", ".join(sorted(run.failed_reports)) or "none",
            "account_briefs": len(run.account_briefs),
            "pdf_files": len(run.pdf_files),
            "seconds": round(run.seconds, 2),
        }
    )
