"""Fixtures for the report tests: a fixture warehouse shaped like the published marts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from report_fixture_warehouse import build_fixture_warehouse

REPORT_ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


@pytest.fixture(scope="session")
def report_warehouse(tmp_path_factory) -> Path:
    """Four clients (managed, break-fix, hybrid, managed); client C0003 has no recipients."""
    return build_fixture_warehouse(
        tmp_path_factory.mktemp("report-wh") / "warehouse.duckdb", clients=4
    )


@pytest.fixture(scope="session")
def written_reports(report_warehouse, tmp_path_factory):
    from pipelines.reports import write_weekly_reports

    return write_weekly_reports(
        report_warehouse, "2026-W46", tmp_path_factory.mktemp("reports"), send=False
    )


@pytest.fixture
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_smtp_from_the_environment(monkeypatch):
    """Tests choose their SMTP settings; a developer's real MSP_SMTP_* must never be used."""
    for name in (
        "MSP_SMTP_HOST",
        "MSP_SMTP_PORT",
        "MSP_SMTP_USER",
        "MSP_SMTP_PASSWORD",
        "MSP_SMTP_STARTTLS",
        "MSP_REPORT_FROM",
        "MSP_LEADERSHIP_RECIPIENTS",
        "MSP_SMTP_ATTEMPTS",
        "MSP_SMTP_BACKOFF_SECONDS",
        "MSP_REPORT_TIMEZONE",
    ):
        monkeypatch.delenv(name, raising=False)
