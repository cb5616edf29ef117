"""Delivery through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import json

import pytest
from report_support import SECRET

from pipelines.reports import write_weekly_reports

WEEK = "2026-W46"


def _recipients(report_warehouse) -> dict[str, list[str]]:
    import duckdb

    with duckdb.connect(str(report_warehouse), read_only=True) as con:
        found = con.execute("select client_id, report_recipients from marts.dim_clients").fetchall()
    return {cid: sorted(r.split(";")) for cid, r in found if r}


def _attachment(message):
    (part,) = list(message.iter_attachments())
    return part.get_filename(), part.get_content()


def test_each_client_gets_its_own_report_and_leadership_the_portfolio(
    report_warehouse, tmp_path, smtp_server
):
    inbox = smtp_server()
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path)

    recipients = _recipients(report_warehouse)
    assert run.clients_without_recipients == ["C0003"] and "C0003" not in recipients
    assert sorted(run.emails_sent) == sorted([*recipients, "portfolio"]) and run.emails_failed == {}
    assert len(inbox.messages) == len(recipients) + 1
    by_attachment = {_attachment(m)[0]: (rcpt, m) for rcpt, m in inbox.messages}
    for client_id, addresses in recipients.items():
        rcpt, message = by_attachment[f"client-{client_id}.html"]
        assert rcpt == addresses
        name, html = _attachment(message)
        assert html == run.client_reports[client_id].read_text()  # the file on disk, as written
        others = [c for c in ["C0001", "C0002", "C0003", "C0004"] if c != client_id]
        raw = message.as_string()
        assert not any(other in raw or other.lower() in raw for other in others)
    rcpt, message = by_attachment["portfolio.html"]
    assert rcpt == ["finance@msp.example", "owner@msp.example"]
    assert message["From"] == "reports@msp.example"


def test_a_second_run_does_not_email_again_unless_resend(report_warehouse, tmp_path, smtp_server):
    inbox = smtp_server()
    first = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    sent = len(inbox.messages)
    assert sent == 4 and len(first.emails_sent) == 4

    second = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    assert second.emails_sent == [] and sorted(second.emails_already_sent) == sorted(
        first.emails_sent
    )
    assert len(inbox.messages) == sent
    assert len(second.files_written) == 5  # reports are still rewritten

    third = write_weekly_reports(report_warehouse, WEEK, tmp_path, resend=True)
    assert sorted(third.emails_sent) == sorted(first.emails_sent)
    assert len(inbox.messages) == 2 * sent
    log = json.loads((tmp_path / WEEK / "send-log.json").read_text())
    assert log["portfolio"]["status"] == "sent" and len(log["portfolio"]["history"]) == 1


def test_a_refused_send_is_retried(report_warehouse, tmp_path, smtp_server):
    inbox = smtp_server(refuse_first=2)
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    assert run.emails_failed == {} and len(run.emails_sent) == 4 and len(inbox.messages) == 4
    log = json.loads((tmp_path / WEEK / "send-log.json").read_text())
    assert log["C0001"]["attempts"] == 3  # two 451 replies, then accepted


def test_server_down_lists_failures_keeps_reports_and_sends_later(
    report_warehouse, tmp_path, smtp_server, monkeypatch
):
    monkeypatch.setenv("MSP_SMTP_ATTEMPTS", "2")
    down = write_weekly_reports(report_warehouse, WEEK, tmp_path)  # nothing listens on the port yet
    assert sorted(down.emails_failed) == ["C0001", "C0002", "C0004", "portfolio"]
    # Three reports in a row could not reach the server: the last is not even tried.
    assert all(
        "ConnectionRefusedError" in down.emails_failed[k] for k in ("C0001", "C0002", "C0004")
    )
    assert down.emails_failed["portfolio"].startswith("not attempted: SMTP server unreachable")
    assert down.emails_sent == [] and all(p.exists() for p in down.files_written)
    assert "FAILED C0001" in down.summary()
    log = json.loads((tmp_path / WEEK / "send-log.json").read_text())
    assert log["C0002"] == {**log["C0002"], "status": "failed", "attempts": 2}

    inbox = smtp_server()
    later = write_weekly_reports(report_warehouse, WEEK, tmp_path)  # failed ones are not "sent"
    assert sorted(later.emails_sent) == sorted(down.emails_failed) and len(inbox.messages) == 4


def test_secrets_stay_out_of_logs_and_output(report_warehouse, tmp_path, smtp_server, caplog):
    from pipelines.reports.delivery import SmtpConfig

    inbox = smtp_server()  # the server only accepts SECRET: sending proves it was used
    caplog.set_level("DEBUG")
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    assert len(run.emails_sent) == 4 and len(inbox.messages) == 4
    written = (
        (tmp_path / WEEK / "send-log.json").read_text() + run.summary() + caplog.text + repr(run)
    )
    written += repr(SmtpConfig.from_env()) + "".join(m.as_string() for _, m in inbox.messages)
    assert SECRET not in written


def test_send_true_without_smtp_settings_is_an_error(report_warehouse, tmp_path):
    with pytest.raises(ValueError, match="MSP_SMTP_HOST"):
        write_weekly_reports(report_warehouse, WEEK, tmp_path, send=True)
