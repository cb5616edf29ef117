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
    """The first attachment: the client report, or the portfolio report for leadership."""
    part = next(iter(message.iter_attachments()))
    return part.get_filename(), part.get_content()


def _attachment_names(message) -> list[str]:
    return [part.get_filename() for part in message.iter_attachments()]


@pytest.mark.unit
def test_each_client_gets_its_own_report_and_leadership_the_portfolio(
    report_warehouse, tmp_path, smtp_server, monkeypatch
):
    monkeypatch.setenv("MSP_NAME", "Northwind IT")
    monkeypatch.setenv("MSP_REPORT_REPLY_TO", "help@northwind.example")
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
        # The file on disk, as written (MIME text travels with CRLF line ends).
        assert html.replace("\r\n", "\n") == run.client_reports[client_id].read_text()
        pdf = [f"client-{client_id}.pdf"] if run.pdf_files else []  # where chromium is present
        assert _attachment_names(message) == [f"client-{client_id}.html", *pdf]  # nothing internal
        others = [c for c in ["C0001", "C0002", "C0003", "C0004"] if c != client_id]
        raw = message.as_string()
        assert not any(other in raw or other.lower() in raw for other in others)
        assert message["From"] == "Northwind IT <reports@msp.example>"
        assert message["Reply-To"] == "help@northwind.example"
    rcpt, message = by_attachment["portfolio.html"]
    assert rcpt == ["finance@msp.example", "owner@msp.example"]
    pdf = ["portfolio.pdf"] if run.pdf_files else []
    assert _attachment_names(message) == ["portfolio.html", "account-briefs.html", *pdf]
    assert message["Subject"] == "Internal: portfolio and account briefs, week 2026-W46"


@pytest.mark.browser
def test_client_email_is_multipart_html_with_the_summary_inline_and_a_text_alternative(
    report_warehouse, tmp_path, smtp_server, with_chromium, monkeypatch
):
    monkeypatch.setenv("MSP_NAME", "Northwind IT")
    inbox = smtp_server()
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    assert run.emails_failed == {}
    from pipelines.reports.pdf import pdf_unavailable_reason

    assert bool(run.pdf_files) == (pdf_unavailable_reason() is None)  # PDFs wherever chromium is
    with_name = {_attachment(m)[0]: m for _, m in inbox.messages}
    message = with_name["client-C0002.html"]
    assert message.get_content_type() == "multipart/mixed"
    (alternative, *attachments) = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "text/html"]
    assert [a.get_content_type() for a in attachments] == ["text/html"] + (
        ["application/pdf"] if run.pdf_files else []
    )
    assert all(a.get_content_disposition() == "attachment" for a in attachments)
    if run.pdf_files:  # the PDF is the printed client report itself
        assert (
            attachments[1].get_content()
            == run.client_reports["C0002"].with_suffix(".pdf").read_bytes()
        )
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    import duckdb

    with duckdb.connect(str(report_warehouse), read_only=True) as con:
        (score, advice) = con.execute(
            "select service_health_score, client_recommendation from marts.fct_client_health_weekly"
            " where client_id = 'C0002' and week_start = '2026-11-09'"
        ).fetchone()
    for body in (html, text):
        assert "Northwind IT" in body and "Client 0002" in body
        assert f"{score:.1f}" in body and advice in body
        # The case's conclusion, in the client's own numbers (hand-worked in test_report_case).
        assert "$2,400.00 less" in body and "August to October 2026" in body
    assert "<" not in text and 'data-metric="service_health_score"' in html


@pytest.mark.unit
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
    assert len(second.files_written) == 10  # 4 client reports, 4 briefs, all briefs, portfolio

    third = write_weekly_reports(report_warehouse, WEEK, tmp_path, resend=True)
    assert sorted(third.emails_sent) == sorted(first.emails_sent)
    assert len(inbox.messages) == 2 * sent
    log = json.loads((tmp_path / WEEK / "send-log.json").read_text())
    assert log["portfolio"]["status"] == "sent" and len(log["portfolio"]["history"]) == 1


@pytest.mark.unit
def test_a_refused_send_is_retried(report_warehouse, tmp_path, smtp_server):
    inbox = smtp_server(refuse_first=2)
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    assert run.emails_failed == {} and len(run.emails_sent) == 4 and len(inbox.messages) == 4
    log = json.loads((tmp_path / WEEK / "send-log.json").read_text())
    assert log["C0001"]["attempts"] == 3  # two 451 replies, then accepted


@pytest.mark.unit
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


@pytest.mark.unit
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


@pytest.mark.unit
def test_send_true_without_smtp_settings_is_an_error(report_warehouse, tmp_path):
    with pytest.raises(ValueError, match="MSP_SMTP_HOST"):
        write_weekly_reports(report_warehouse, WEEK, tmp_path, send=True)


@pytest.mark.unit
def test_a_hostile_client_name_neither_injects_headers_nor_stops_the_run(
    report_warehouse, tmp_path, smtp_server
):
    import shutil

    import duckdb

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(report_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "update marts.dim_clients set client_name = ?, report_recipients = ?"
            " where client_id = 'C0001'",
            [
                "Evil\r\nBcc: victim@evil.example",
                "it@c0001.example;x@y.example\r\nBcc: v@evil.example",
            ],
        )
    inbox = smtp_server()
    run = write_weekly_reports(copy, WEEK, tmp_path / "out")
    assert run.emails_failed == {} and run.failed_reports == {}
    assert sorted(run.emails_sent) == ["C0001", "C0002", "C0004", "portfolio"]
    everyone = [address for rcpt, _ in inbox.messages for address in rcpt]
    assert not any("evil" in address for address in everyone)
    (rcpt, message) = next((r, m) for r, m in inbox.messages if "it@c0001.example" in r)
    assert rcpt == ["it@c0001.example"]  # the address carrying a line break is dropped
    assert message["Bcc"] is None and "\n" not in message["Subject"]
    assert message["Subject"] == "Evil Bcc: victim@evil.example: IT service report, week 2026-W46"
    headers = [name.lower() for part in message.walk() for name in part.keys()]
    assert "bcc" not in headers
    text = message.get_body(("plain",)).get_content()
    assert not any(line.lower().startswith("bcc:") for line in text.splitlines())


@pytest.mark.unit
def test_one_clients_bad_data_never_stops_another_clients_email(
    report_warehouse, tmp_path, smtp_server
):
    import shutil

    import duckdb

    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(report_warehouse, copy)
    with duckdb.connect(str(copy)) as con:  # hours that are not a number, for one client only
        con.execute("alter table marts.fct_client_work_weekly alter hours type varchar")
        con.execute(
            "update marts.fct_client_work_weekly set hours = 'lots' where client_id = 'C0002'"
        )
    inbox = smtp_server()
    run = write_weekly_reports(copy, WEEK, tmp_path / "out")
    assert list(run.failed_reports) == ["C0002"] and "ValueError" in run.failed_reports["C0002"]
    assert "REPORT NOT WRITTEN C0002" in run.summary() and not run.ok
    assert sorted(run.emails_sent) == ["C0001", "C0004", "portfolio"]
    assert "C0002" not in run.client_reports and "C0002" not in run.account_briefs
    leadership = next(m for r, m in inbox.messages if "owner@msp.example" in r)
    assert "could not be written this week: C0002" in leadership.get_body(("plain",)).get_content()
    assert all("c0002" not in a for r, _ in inbox.messages for a in r)


@pytest.mark.unit
def test_credentials_without_tls_are_warned_about(report_warehouse, tmp_path, smtp_server, caplog):
    from pipelines.reports.delivery import SmtpConfig

    smtp_server()  # MSP_SMTP_STARTTLS=false with a user and password
    caplog.set_level("WARNING")
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path)
    (warning,) = run.warnings
    assert "without TLS" in warning and "MSP_SMTP_STARTTLS=false" in warning
    assert "without TLS" in caplog.text and f"WARNING: {warning}" in run.summary()
    assert SECRET not in warning + caplog.text
    base = {"MSP_SMTP_HOST": "mail.example", "MSP_SMTP_USER": "u", "MSP_SMTP_PASSWORD": "p"}
    assert SmtpConfig.from_env(base).transport_warning() is None  # STARTTLS on by default
    relay = {"MSP_SMTP_HOST": "relay", "MSP_SMTP_STARTTLS": "false"}
    assert SmtpConfig.from_env(relay).transport_warning() is None  # no login, nothing to leak
