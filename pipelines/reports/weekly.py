"""Write one week's client health reports to disk, then email them when SMTP is configured."""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipelines.reports import delivery, queries, render
from pipelines.reports import pdf as report_pdf
from pipelines.reports.weeks import IsoWeek
from pipelines.settings import load_settings

PORTFOLIO = "portfolio"
UNREACHABLE_AFTER = 3


@dataclass
class ReportRun:
    """What a run wrote and sent. Lists name clients (ids) or 'portfolio', never addresses' secrets."""

    week: str
    folder: Path
    client_reports: dict[str, Path] = field(default_factory=dict)
    portfolio_report: Path | None = None
    emails_sent: list[str] = field(default_factory=list)
    emails_already_sent: list[str] = field(default_factory=list)
    emails_failed: dict[str, str] = field(default_factory=dict)
    clients_without_recipients: list[str] = field(default_factory=list)
    pdf_files: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None
    seconds: float = 0.0

    @property
    def files_written(self) -> list[Path]:
        return [
            *self.client_reports.values(),
            *([self.portfolio_report] if self.portfolio_report else []),
        ]

    @property
    def ok(self) -> bool:
        """Every report written and every email due delivered (the CLI's exit status)."""
        return not self.emails_failed

    def summary(self) -> str:
        lines = [
            f"week {self.week}: {len(self.files_written)} reports in {self.folder} ({self.seconds:.1f} s)",
            f"emails sent: {len(self.emails_sent)}, already sent before: {len(self.emails_already_sent)},"
            f" failed: {len(self.emails_failed)}",
        ]
        lines += [f"  FAILED {key}: {reason}" for key, reason in sorted(self.emails_failed.items())]
        if self.clients_without_recipients:
            lines.append(
                "no report recipients (not emailed): " + ", ".join(self.clients_without_recipients)
            )
        if self.pdf_files:
            lines.append(f"PDF copies: {len(self.pdf_files)}")
        if self.pdf_skipped:
            lines.append(f"PDF copies skipped: {self.pdf_skipped}")
        return "\n".join(lines)


def report_file_name(client_id: str) -> str:
    """A safe, unique file name per client: ids come from exports and may hold any character.

    When characters had to be replaced, a hash of the real id keeps two clients
    ("C/1" and "C_1") from sharing a file, and so from receiving each other's report.
    """
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", client_id)
    if safe != client_id:
        safe += "-" + hashlib.sha256(client_id.encode()).hexdigest()[:8]
    return f"client-{safe}.html"


def write_weekly_reports(
    warehouse_path: str | os.PathLike | None = None,
    week: str | None = None,
    out_dir: str | os.PathLike | None = None,
    send: bool | None = None,
    resend: bool = False,
    smtp: delivery.SmtpConfig | None = None,
    leadership_recipients: str | None = None,
    pdf: bool = False,
) -> ReportRun:
    """Write every client's report and the portfolio report for ``week`` (``YYYY-Www``).

    ``warehouse_path`` is the published read-only copy (default: the settings'
    published warehouse). ``week`` defaults to the last complete ISO week before
    the data's as-of time. ``send``: None emails when ``MSP_SMTP_HOST`` is set,
    True requires it, False never emails. Reports are on disk before any email goes.
    ``pdf`` also prints each report to PDF (needs Playwright and a local Chromium;
    when missing, the run says why and carries on with HTML).
    """
    started = time.perf_counter()
    settings = load_settings()
    warehouse = Path(warehouse_path or settings.published_warehouse)
    out = Path(out_dir or settings.reports_dir)
    smtp = smtp or delivery.SmtpConfig.from_env()
    if send and smtp is None:
        raise ValueError("email delivery asked for but MSP_SMTP_HOST is not set")

    # One short read-only connection: the writer and other readers are never blocked for long.
    with queries.connect_read_only(warehouse) as con:
        iso_week = IsoWeek.parse(week) if week else queries.default_week(con)
        figures = queries.load_week(con, iso_week)

    run = ReportRun(week=str(iso_week), folder=out / str(iso_week))
    run.folder.mkdir(parents=True, exist_ok=True)
    generated_at = datetime.now(UTC)
    for client_id in figures.clients:
        path = run.folder / report_file_name(client_id)
        _write_atomically(path, render.render_client(figures, client_id, generated_at))
        run.client_reports[client_id] = path
    run.portfolio_report = run.folder / "portfolio.html"
    _write_atomically(run.portfolio_report, render.render_portfolio(figures, generated_at))
    if pdf:
        run.pdf_skipped = report_pdf.pdf_unavailable_reason()
        if run.pdf_skipped is None:
            run.pdf_files = report_pdf.write_pdfs(run.files_written)

    if smtp is not None and send is not False:
        leadership = (
            leadership_recipients
            if leadership_recipients is not None
            else os.environ.get("MSP_LEADERSHIP_RECIPIENTS", "")
        )
        _deliver(run, figures, smtp, leadership, resend)
    else:
        run.clients_without_recipients = [
            cid
            for cid, c in figures.clients.items()
            if not delivery.parse_recipients(c.get("report_recipients"))
        ]
    run.seconds = time.perf_counter() - started
    return run


def _write_atomically(path: Path, html: str) -> None:
    temporary = path.with_suffix(".html.tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(path)


def _deliver(
    run: ReportRun,
    figures: queries.WeekFigures,
    smtp: delivery.SmtpConfig,
    leadership: str,
    resend: bool,
) -> None:
    send_log = delivery.SendLog.for_week(run.folder)
    outbox: list[tuple[str, list[str], str, str, Path]] = []
    for client_id, path in run.client_reports.items():
        client = figures.clients[client_id]
        recipients = delivery.parse_recipients(client.get("report_recipients"))
        if not recipients:
            run.clients_without_recipients.append(client_id)
            continue
        score = figures.health[client_id].get("health_score")
        outbox.append(
            (
                client_id,
                recipients,
                f"{client['client_name']}: weekly health report {run.week}",
                f"Hello,\n\nAttached is the weekly IT health report for {client['client_name']}, "
                f"week {run.week}. Health score this week: {score}.\n\nOpen the attached HTML file "
                "in any browser; it also prints.\n",
                path,
            )
        )
    leaders = delivery.parse_recipients(leadership)
    if leaders and run.portfolio_report is not None:
        outbox.append(
            (
                PORTFOLIO,
                leaders,
                f"Portfolio health report {run.week}",
                f"Attached is the portfolio health report for week {run.week}: "
                f"{len(run.client_reports)} clients.\n",
                run.portfolio_report,
            )
        )
    unreachable = 0  # reports in a row whose every attempt failed to reach the server
    for key, recipients, subject, body, path in outbox:
        if send_log.already_sent(key) and not resend:
            run.emails_already_sent.append(key)
            continue
        if unreachable >= UNREACHABLE_AFTER:
            # Retrying every report against a dead server would take minutes each: stop, list
            # the rest as failed, and let the next run send them (the log does not say "sent").
            reason = f"not attempted: SMTP server unreachable for {unreachable} reports in a row"
            run.emails_failed[key] = reason
            send_log.record(
                key,
                status="failed",
                recipients=recipients,
                file=path.name,
                attempts=0,
                reason=reason,
            )
            continue
        attachments = [
            path,
            *([path.with_suffix(".pdf")] if path.with_suffix(".pdf") in run.pdf_files else []),
        ]
        message = delivery.build_message(smtp.sender, recipients, subject, body, attachments)
        try:
            attempts = delivery.send_with_retry(smtp, message)
        except Exception as error:  # any failure is listed, the report stays on disk
            unreachable = unreachable + 1 if isinstance(error, OSError) else 0
            reason = delivery.describe_failure(error)
            run.emails_failed[key] = reason
            send_log.record(
                key,
                status="failed",
                recipients=recipients,
                file=path.name,
                attempts=smtp.attempts,
                reason=reason,
            )
            continue
        unreachable = 0
        run.emails_sent.append(key)
        send_log.record(
            key,
            status="sent",
            recipients=recipients,
            file=path.name,
            attempts=attempts,
            message_id=message["Message-ID"],
        )
