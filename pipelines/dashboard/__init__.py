"""Leadership dashboard over the published warehouse."""

from pipelines.dashboard.app import create_app, run_dashboard

__all__ = ["create_app", "run_dashboard"]
