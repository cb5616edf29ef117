"""Weekly client health reports: HTML per client and for the portfolio, optionally emailed."""

from pipelines.reports.weekly import ReportRun, write_weekly_reports
from pipelines.reports.weeks import IsoWeek, last_complete_iso_week

__all__ = ["IsoWeek", "ReportRun", "last_complete_iso_week", "write_weekly_reports"]
