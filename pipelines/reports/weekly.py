"""Write one week's reports to disk, then email them when SMTP is configured.

Per client: the client report (``client-<id>.html``, the only file a client is sent) and the
internal account brief (``account-<id>.html``). For leadership: ``portfolio.html`` and every
brief in one file (``account-briefs.html``). One client's bad data never stops the others:
its failure is listed and the rest, the leadership email included, still go out.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup

from pipelines.reports import delivery, queries, render
from pipelines.reports import pdf as report_pdf
from pipelines.reports.identity import MspIdentity
from pipelines.reports.weeks import IsoWeek
from pipelines.settings import load_settings

log = logging.getLogger(__name__)

PORTFOLIO = "portfolio"
ACCOUNT_BRIEFS = "account-briefs.html"
UNREACHABLE_AFTER = 3


@dataclass
class ReportRun:
    """What a run wrote and sent. Lists name clients (ids) or 'portfolio', never addresses' secrets."""

    week: str
    folder: Path
    client_reports: dict[str, Path] = field(default_factory=dict)
    account_briefs: dict[str, Path] = field(default_factory=dict)
    account_briefs_file: Path | None = None
    portfolio_report: Path | None = None
    # Reports that could not be written (client id or 'portfolio') and why; the rest still go.
    failed_reports: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
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
            *self.account_briefs.values(),
            *([self.account_briefs_file] if self.account_briefs_file else []),
            *([self.portfolio_report] if self.portfolio_report else []),
        ]

    @property
    def client_bound_files(self) -> list[Path]:
        """What may leave for clients: their reports (and PDF copies), nothing internal."""
        return [
            *self.client_reports.values(),
            *(p for p in self.pdf_files if p.with_suffix(".html") in self.client_reports.values()),
        ]

    @property
    def ok(self) -> bool:
        """Every report written and every email due delivered (the CLI's exit status)."""
        return not self.emails_failed and not self.failed_reports

    def summary(self) -> str:
        lines = [
            f"week {self.week}: {len(self.files_written)} reports in {self.folder} ({self.seconds:.1f} s)",
            f"emails sent: {len(self.emails_sent)}, already sent before: {len(self.emails_already_sent)},"
            f" failed: {len(self.emails_failed)}",
        ]
        lines += [f"  FAILED {key}: {reason}" for key, reason in sorted(self.emails_failed.items())]
        lines += [
            f"  REPORT NOT WRITTEN {key}: {reason}"
            for key, reason in sorted(self.failed_reports.items())
        ]
        lines += [f"WARNING: {warning}" for warning in self.warnings]
        if self.clients_without_recipients:
            lines.append(
                "no report recipients (not emailed): " + ", ".join(self.clients_without_recipients)
            )
        if self.pdf_files:
            lines.append(f"PDF copies: {len(self.pdf_files)}")
        if self.pdf_skipped:
            lines.append(f"PDF copies skipped: {self.pdf_skipped}")
        return "\n".join(lines)


def report_file_name(client_id: str, kind: str = "client") -> str:
    """A safe, unique file name per client: ids come from exports and may hold any character.

    When characters had to be replaced, a hash of the real id keeps two clients
    ("C/1" and "C_1") from sharing a file, and so from receiving each other's report.
    ``kind`` is "client" (the client report) or "account" (the internal brief).
    """
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", client_id)
    if safe != client_id:
        safe += "-" + hashlib.sha256(client_id.encode()).hexdigest()[:8]
    return f"{kind}-{safe}.html"


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
    ``pdf`` also prints the client reports and the portfolio to PDF (needs Playwright and a
    local Chromium; when missing, the run says why and carries on with HTML). When emailing,
    they are printed wherever Chromium is present, so each email carries a PDF copy too.
    """
    started = time.perf_counter()
    settings = load_settings()
    warehouse = Path(warehouse_path or settings.published_warehouse)
    out = Path(out_dir or settings.reports_dir)
    smtp = smtp or delivery.SmtpConfig.from_env()
    if send and smtp is None:
        raise ValueError("email delivery asked for but MSP_SMTP_HOST is not set")

    msp = MspIdentity.from_env()
    if smtp is not None and (warning := smtp.transport_warning()):
        log.warning(warning)
    # One short read-only connection: the writer and other readers are never blocked for long.
    with queries.connect_read_only(warehouse) as con:
        iso_week = IsoWeek.parse(week) if week else queries.default_week(con)
        figures = queries.load_week(con, iso_week)

    run = ReportRun(week=str(iso_week), folder=out / str(iso_week))
    if smtp is not None and (warning := smtp.transport_warning()):
        run.warnings.append(warning)
    run.folder.mkdir(parents=True, exist_ok=True)
    generated_at = datetime.now(UTC)
    briefs: list[tuple[float, str, Markup]] = []
    summaries: dict[str, tuple[str, str]] = {}
    for client_id in figures.clients:
        try:
            client_html = render.render_client(figures, client_id, generated_at, msp)
            summaries[client_id] = render.render_client_summary(
                figures, client_id, generated_at, msp
            )
            brief = render.account_brief_fragment(figures, client_id, generated_at, msp)
        except Exception as error:  # noqa: BLE001 - one client's bad data must not stop the others
            run.failed_reports[client_id] = f"{type(error).__name__}: {error}"
            log.warning(
                "report for client %s not written: %s", client_id, run.failed_reports[client_id]
            )
            continue
        path = run.folder / report_file_name(client_id)
        _write_atomically(path, client_html)
        run.client_reports[client_id] = path
        brief_path = run.folder / report_file_name(client_id, "account")
        title = f"{figures.clients[client_id]['client_name']}: account brief, week {iso_week}"
        _write_atomically(
            brief_path, render.render_account_briefs(figures, [brief], generated_at, title, msp)
        )
        run.account_briefs[client_id] = brief_path
        score = figures.health[client_id].get("health_score")
        briefs.append((float(score) if score is not None else 101.0, client_id, brief))
    # Leadership reads every brief in one file, worst account health first.
    run.account_briefs_file = run.folder / ACCOUNT_BRIEFS
    _write_atomically(
        run.account_briefs_file,
        render.render_account_briefs(
            figures, [b for _, _, b in sorted(briefs)], generated_at,
            f"Account briefs, week {iso_week}", msp,
        ),
    )  # fmt: skip
    try:
        portfolio_html = render.render_portfolio(figures, generated_at, msp)
    except Exception as error:  # noqa: BLE001 - the client reports still go
        run.failed_reports[PORTFOLIO] = f"{type(error).__name__}: {error}"
    else:
        run.portfolio_report = run.folder / "portfolio.html"
        _write_atomically(run.portfolio_report, portfolio_html)
    emailing = smtp is not None and send is not False
    if pdf or emailing:
        # Emails carry a PDF copy of the client report wherever Chromium is present.
        run.pdf_skipped = report_pdf.pdf_unavailable_reason()
        if run.pdf_skipped is None:
            # Client reports and the portfolio; the briefs stay HTML (one page per client).
            run.pdf_files = report_pdf.write_pdfs(
                [*run.client_reports.values(), *filter(None, [run.portfolio_report])]
            )

    if emailing:
        leadership = (
            leadership_recipients
            if leadership_recipients is not None
            else os.environ.get("MSP_LEADERSHIP_RECIPIENTS", "")
        )
        _deliver(run, figures, smtp, msp, leadership, resend, summaries, generated_at)
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
    # A final line break: the file then travels through email (MIME text) byte for byte.
    temporary.write_text(html if html.endswith("\n") else html + "\n", encoding="utf-8")
    temporary.replace(path)


def _deliver(
    run: ReportRun,
    figures: queries.WeekFigures,
    smtp: delivery.SmtpConfig,
    msp: MspIdentity,
    leadership: str,
    resend: bool,
    summaries: dict[str, tuple[str, str]],
    generated_at: datetime,
) -> None:
    send_log = delivery.SendLog.for_week(run.folder)
    # key, recipients, subject, text, html, attachments
    outbox: list[tuple[str, list[str], str, str, str, list[Path]]] = []
    for client_id, path in run.client_reports.items():
        client = figures.clients[client_id]
        recipients = delivery.parse_recipients(client.get("report_recipients"))
        if not recipients:
            run.clients_without_recipients.append(client_id)
            continue
        html, text = summaries[client_id]
        outbox.append(
            (
                client_id,
                recipients,
                f"{client['client_name']}: IT service report, week {run.week}",
                text,
                html,
                [
                    path,
                    *(
                        [path.with_suffix(".pdf")]
                        if path.with_suffix(".pdf") in run.pdf_files
                        else []
                    ),
                ],
            )
        )
    leaders = delivery.parse_recipients(leadership)
    if leaders:
        html, text = render.render_leadership_summary(
            figures, generated_at, msp, sorted(run.failed_reports)
        )
        attachments = [p for p in (run.portfolio_report, run.account_briefs_file) if p]
        if run.portfolio_report and run.portfolio_report.with_suffix(".pdf") in run.pdf_files:
            attachments.append(run.portfolio_report.with_suffix(".pdf"))
        outbox.append(
            (PORTFOLIO, leaders, f"Internal: portfolio and account briefs, week {run.week}",
             text, html, attachments)
        )  # fmt: skip
    unreachable = 0  # reports in a row whose every attempt failed to reach the server
    for key, recipients, subject, text, html, attachments in outbox:
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
                file=attachments[0].name,
                attempts=0,
                reason=reason,
            )
            continue
        try:
            message = delivery.build_message(
                smtp.sender, recipients, subject, text, attachments,
                html=html, sender_name=msp.name, reply_to=msp.reply_to,
            )  # fmt: skip
            attempts = delivery.send_with_retry(smtp, message)
        except Exception as error:  # any failure is listed, the report stays on disk
            unreachable = unreachable + 1 if isinstance(error, OSError) else 0
            reason = delivery.describe_failure(error)
            run.emails_failed[key] = reason
            send_log.record(
                key,
                status="failed",
                recipients=recipients,
                file=attachments[0].name,
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
            file=attachments[0].name,
            attempts=attempts,
            message_id=message["Message-ID"],
        )
