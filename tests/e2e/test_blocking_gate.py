"""A failing blocking check stops the build: the check is named, no report is written, no email is
sent, and the published warehouse stays exactly as the last good build left it."""

from __future__ import annotations

import hashlib
import shutil
import socket

import pytest
from aiosmtpd.controller import Controller

from pipelines.build import run_build
from tests.portfolio import build_portfolio

pytestmark = pytest.mark.e2e


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_broken_input_blocks_publish_reports_and_email(tmp_path, monkeypatch):
    portfolio = build_portfolio(tmp_path, clients=5, months=3, seed=3)
    published = portfolio.published
    published_before = _sha256(published)
    reports_dir = portfolio.result.settings.reports_dir
    assert any(reports_dir.rglob("*.html")), "the good build writes reports"
    shutil.rmtree(reports_dir)

    # Revenue for a client nobody exported: the margin mart cannot reconcile with raw.
    header = "invoice_id,line_number,client_id,invoice_date,line_type,amount\n"
    (portfolio.landing / "generic" / "invoice_lines_late.csv").write_text(
        header + "INV-LATE,1,C9999,2025-01-15,labor,250.00\n"
    )

    inbox = _Inbox()
    port = _free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        monkeypatch.setenv("MSP_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("MSP_SMTP_PORT", str(port))
        monkeypatch.setenv("MSP_SMTP_STARTTLS", "false")
        monkeypatch.setenv("MSP_REPORT_FROM", "reports@msp.example")
        monkeypatch.setenv("MSP_LEADERSHIP_RECIPIENTS", "owner@msp.example")
        result = run_build(landing_dir=portfolio.landing, data_dir=portfolio.data_dir)
    finally:
        smtp.stop()  # run_build restores the MSP_* locations it sets

    assert not result.success
    failed = {(c.table, c.check) for c in result.failed_checks}
    assert ("marts/fct_client_margin_monthly", "quality_suite") in failed, result.summary()
    summary = result.summary()
    assert "revenue_reconciles" in summary and "C9999" in summary
    assert _sha256(published) == published_before
    assert not reports_dir.exists() or not any(reports_dir.rglob("*.html"))
    assert inbox.messages == []

    # The next build finds no new file, but the failed build's raw rows are not forgotten:
    # it rebuilds what reads them and is blocked again, instead of publishing the bad marts.
    again = run_build(landing_dir=portfolio.landing, data_dir=portfolio.data_dir)
    assert not again.success
    assert again.plan.changed_raw_tables == {"invoice_lines"}, again.summary()
    assert ("marts/fct_client_margin_monthly", "quality_suite") in {
        (c.table, c.check) for c in again.failed_checks
    }
    assert _sha256(published) == published_before
