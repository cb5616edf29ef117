"""Dagster wrappers for the weekly client health reports: the asset and its Monday schedule."""

import dagster as dg

from pipelines.defs.reports.assets import weekly_client_health_reports
from pipelines.defs.reports.schedules import weekly_client_health_reports_schedule

defs = dg.Definitions(
    assets=[weekly_client_health_reports],
    schedules=[weekly_client_health_reports_schedule()],
)
