"""Fixtures for the report tests: a fixture warehouse shaped like the published marts."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from report_fixture_warehouse import build_fixture_warehouse
from report_support import SECRET, Inbox, authenticator


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


@pytest.fixture
def smtp_server(free_port, monkeypatch):
    def start(refuse_first: int = 0) -> Inbox:
        inbox = Inbox(refuse_first)
        controller = Controller(
            inbox,
            hostname="127.0.0.1",
            port=free_port,
            authenticator=authenticator,
            auth_require_tls=False,
        )
        controller.start()
        started.append(controller)
        return inbox

    started: list[Controller] = []
    monkeypatch.setenv("MSP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MSP_SMTP_PORT", str(free_port))
    monkeypatch.setenv("MSP_SMTP_STARTTLS", "false")
    monkeypatch.setenv("MSP_SMTP_USER", "reports")
    monkeypatch.setenv("MSP_SMTP_PASSWORD", SECRET)
    monkeypatch.setenv("MSP_REPORT_FROM", "reports@msp.example")
    monkeypatch.setenv("MSP_LEADERSHIP_RECIPIENTS", "owner@msp.example; finance@msp.example")
    monkeypatch.setenv("MSP_SMTP_BACKOFF_SECONDS", "0.01")
    # Emails carry PDFs wherever chromium is present: about a second a report. Only the tests
    # about PDFs in emails ask for them (fixture `with_chromium`); the others stay fast.
    monkeypatch.setenv("MSP_CHROMIUM", "/nonexistent/chromium")
    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def with_chromium(monkeypatch):
    """Undo smtp_server's "no chromium": PDFs are printed and attached where it is present."""
    monkeypatch.delenv("MSP_CHROMIUM", raising=False)
