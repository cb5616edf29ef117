"""Nothing of the MSP's own economics reaches a client, and each client gets only its own report.

Every client-bound file and email is rendered for a portfolio (the fixture warehouse, and,
marked build, the session's generated and built portfolio) and delivered to a real SMTP server
on loopback. For each client, its margin, revenue, cost, effective-rate, MSP-side case and
technician-cost figures are computed from the marts, in every format the templates could
print them, and none may appear in what the client receives; nor may any internal flag
wording or to-do. The same detector run on the client's internal account brief must find
those figures (so the test can fail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from report_html import figures
from test_report_figures import _built

from pipelines.reports import wording, write_weekly_reports
from pipelines.reports.delivery import parse_recipients
from pipelines.reports.pdf import pdf_unavailable_reason
from pipelines.reports.queries import CASE_PERIODS, COUNTERFACTUAL, report_month
from pipelines.reports.weeks import IsoWeek

# What the client report may print (tests/reports/report_html.py reads them back).
CLIENT_METRICS = re.compile(
    r"^(service_health_score|availability_score|recurring_fault_score|sla_score|ticket_load_score"
    r"|month\.\w+|outage\.\w+|device\.\w+|sla_week\.\w+|sla_month\.\w+|work\.\w+"
    r"|case\.(actual|alternative)\.\w+|client\.downtime_cost_per_hour)$"
)
# Words that only the MSP's side uses; checked in the visible text, case-insensitive.
INTERNAL_WORDS = (
    "margin",
    "revenue",
    "profit",
    "effective rate",
    "effective hourly rate",
    "hourly cost",
    "technician",
    "tooling",
    "account health",
    "account brief",
    "internal",
    "to do",
    "sales",
    "propose a managed agreement",
)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def money_texts(value) -> set[str]:
    amount = abs(Decimal(str(value)))
    return {f"{amount:,.2f}", f"{amount:.2f}"}


def pct_texts(value) -> set[str]:
    number = float(value)
    return {f"{number:.1f}%", f"{number:.2f}%", f"{number:.2f}", repr(number)}


@dataclass
class Secrets:
    """One client's figures that must stay inside the MSP."""

    texts: dict[str, str] = field(default_factory=dict)  # text as printed -> where it comes from

    def add(self, label: str, value, kind: str) -> None:
        if value is None or (kind == "money" and Decimal(str(value)) == 0):
            return
        for text in money_texts(value) if kind == "money" else pct_texts(value):
            self.texts.setdefault(text, label)


def _rows(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def client_secrets(warehouse: Path, client_id: str, week: IsoWeek) -> Secrets:
    secrets = Secrets()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for row in _rows(
            con, "select * from marts.fct_client_margin_monthly where client_id = ?", [client_id]
        ):
            for name in ("revenue", "labor_cost", "parts_cost", "tooling_cost", "total_cost",
                         "gross_margin", "effective_hourly_rate"):  # fmt: skip
                secrets.add(f"{name} {row['month']}", row[name], "money")
            secrets.add(f"gross_margin_pct {row['month']}", row["gross_margin_pct"], "pct")
        (health,) = _rows(
            con,
            "select * from marts.fct_client_health_weekly where client_id = ? and week_start = ?",
            [client_id, week.start],
        )
        secrets.add("health gross_margin", health["gross_margin"], "money")
        secrets.add("health gross_margin_pct", health["gross_margin_pct"], "pct")
        secrets.add("margin_score", health["margin_score"], "pct")
        secrets.add("managed_fee_equivalent", health["managed_fee_equivalent"], "money")
        if health["health_score"] != health["service_health_score"]:
            secrets.add("account health score", health["health_score"], "pct")
        if health["weighted_component_score"] != health["service_weighted_component_score"]:
            secrets.add("weighted_component_score", health["weighted_component_score"], "pct")
        if con.execute(
            "select count(*) from information_schema.tables where table_name = ?", [COUNTERFACTUAL]
        ).fetchone()[0]:
            _counterfactual_secrets(con, client_id, week, secrets)
        technicians = con.execute(
            "select count(*) from information_schema.tables"
            " where table_schema = 'intermediate' and table_name = 'int_technicians'"
        ).fetchone()[0]
        if technicians:
            for (cost,) in con.execute(
                "select distinct hourly_cost from intermediate.int_technicians"
            ).fetchall():
                secrets.add("technician hourly cost", cost, "money")
    return secrets


def _counterfactual_secrets(con, client_id: str, week: IsoWeek, secrets: Secrets) -> None:
    """The MSP's side of every model: monthly, and summed over the case's periods."""
    monthly = _rows(
        con,
        f"select * from marts.{COUNTERFACTUAL} where client_id = ? order by month",  # noqa: S608
        [client_id],
    )
    for row in monthly:
        label = f"{row['support_model']} {row['month']}"
        secrets.add(f"msp_cost {label}", row["msp_cost"], "money")
        secrets.add(f"msp_margin {label}", row["msp_margin"], "money")
        secrets.add(f"msp_margin_pct {label}", row["msp_margin_pct"], "pct")
    complete = sorted(
        {
            r["month"]
            for r in monthly
            if r["is_complete_month"] and r["month"] <= report_month(week)
        },
        reverse=True,
    )
    for period in CASE_PERIODS:
        months = set(complete[:period])
        for model in {r["support_model"] for r in monthly}:
            of = [r for r in monthly if r["month"] in months and r["support_model"] == model]
            cost = sum((Decimal(str(r["msp_cost"])) for r in of), Decimal(0))
            margin = sum((Decimal(str(r["msp_margin"])) for r in of), Decimal(0))
            secrets.add(f"msp_cost {model} {period} months", cost, "money")
            secrets.add(f"msp_margin {model} {period} months", margin, "money")


def find_leaks(text: str, secrets: Secrets, explained: set[str]) -> list[str]:
    """Secret figures printed in ``text`` (as whole tokens) that no allowed figure explains."""
    leaks = []
    for shown, label in secrets.texts.items():
        if shown in explained:
            continue  # the same characters are an allowed figure of this client (counted below)
        if re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d])", text):
            leaks.append(f"{label}: {shown}")
    return leaks


CLIENT_CHARTS = {"Downtime per day (minutes), last 12 weeks", "Tickets opened per week"}


def allowed_texts(report: Path) -> set[str]:
    """The client report's own figures: their printed text and, for money, without the symbol;
    and the values its two charts draw (downtime per day, tickets per week: the charts are
    checked to be only those)."""
    texts = set()
    for figure in figures(report):
        texts |= {figure.text, figure.value, re.sub(r"^[^\d-]+", "", figure.text).lstrip("-")}
    html = report.read_text()
    assert set(re.findall(r'<svg[^>]*aria-label="([^"]+)"', html)) <= CLIENT_CHARTS
    for point in re.findall(r"<title>[^<:]*: ([\d,.]+)(?: min)?</title>", html):
        texts.add(point)
    return texts


def internal_phrases(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        recommendations = [
            r for (r,) in con.execute(
                "select distinct recommendation from marts.fct_client_health_weekly"
            ).fetchall()
        ]  # fmt: skip
    return [*wording.FLAG_WORDS, *wording.FLAG_WORDS.values(), *recommendations]


@dataclass
class Received:
    """What one client's recipients received: the client report files and the emails."""

    files: dict[str, str] = field(default_factory=dict)  # name -> visible text
    emails: list[str] = field(default_factory=list)  # subject + text + visible html


def _pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    return " ".join((page.extract_text() or "") for page in pypdf.PdfReader(str(path)).pages)


def check_portfolio(warehouse: Path, week: str | None, out: Path, inbox_factory) -> dict:
    inbox = inbox_factory()
    pdf = pdf_unavailable_reason() is None
    run = write_weekly_reports(warehouse, week, out, pdf=pdf)
    assert run.emails_failed == {} and run.failed_reports == {}
    iso_week = IsoWeek.parse(run.week)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        clients = {
            cid: (name, parse_recipients(recipients))
            for cid, name, recipients in con.execute(
                "select client_id, client_name, report_recipients from marts.dim_clients"
            ).fetchall()
            if cid in run.client_reports
        }
    phrases = internal_phrases(warehouse)
    checked = {"clients": 0, "emails": 0, "pdfs": 0, "explained": 0, "brief_leaks": 0}
    for client_id, (_name, recipients) in clients.items():
        secrets = client_secrets(warehouse, client_id, iso_week)
        report = run.client_reports[client_id]
        explained = allowed_texts(report)
        received = Received()
        received.files[report.name] = visible_text(report.read_text())
        if report.with_suffix(".pdf") in run.pdf_files:
            received.files[report.with_suffix(".pdf").name] = _pdf_text(report.with_suffix(".pdf"))
            checked["pdfs"] += 1
        for rcpt, message in inbox.messages:
            addresses = {r.lower() for r in recipients}
            if not {r.lower() for r in rcpt} & addresses:
                continue
            # Each client's recipients get their own report and nothing else.
            assert {r.lower() for r in rcpt} <= addresses, (client_id, rcpt)
            names = [p.get_filename() for p in message.iter_attachments()]
            assert names and set(names) <= {report.name, report.with_suffix(".pdf").name}, names
            html = message.get_body(("html",)).get_content()
            text = message.get_body(("plain",)).get_content()
            received.emails.append(f"{message['Subject']} {text} {visible_text(html)}")
            for part in message.iter_attachments():
                if part.get_filename() == report.name:
                    assert part.get_content().replace("\r\n", "\n") == report.read_text()
            checked["emails"] += 1
        assert bool(received.emails) == bool(recipients), client_id
        others = [(c, n) for c, (n, _) in clients.items() if c != client_id]
        for where, content in [*received.files.items(), *(("email", e) for e in received.emails)]:
            leaks = find_leaks(content, secrets, explained)
            assert leaks == [], (client_id, where, leaks)
            checked["explained"] += sum(1 for s in secrets.texts if s in explained and s in content)
            lowered = content.lower()
            assert [w for w in INTERNAL_WORDS if w in lowered] == [], (client_id, where)
            assert [p for p in phrases if p in content] == [], (client_id, where)
            for other_id, other_name in others:
                assert other_name not in content, (client_id, where, other_id)
                assert not re.search(rf"(?<![\w-]){re.escape(other_id)}(?![\w-])", content)
        # The positive control: the internal brief does show these figures.
        brief = visible_text(run.account_briefs[client_id].read_text())
        checked["brief_leaks"] += len(find_leaks(brief, secrets, set()))
        # Every figure the client report prints is one it may print.
        assert [f.metric for f in figures(report) if not CLIENT_METRICS.match(f.metric)] == []
        checked["clients"] += 1
    # Leadership's email carries the internal files; no client address is among its recipients.
    client_addresses = {a.lower() for _, rs in clients.values() for a in rs}
    for rcpt, message in inbox.messages:
        names = [p.get_filename() for p in message.iter_attachments()]
        rcpt = [r.lower() for r in rcpt]
        if "portfolio.html" in names:
            assert not set(rcpt) & client_addresses
        assert not (set(names) & {"portfolio.html", "account-briefs.html"}) or not (
            set(rcpt) & client_addresses
        )
        assert not any(n.startswith("account-") for n in names) or "portfolio.html" in names
    return checked


@pytest.mark.browser
def test_no_client_receives_the_msps_economics_fixture(
    report_warehouse, tmp_path, smtp_server, with_chromium
):
    checked = check_portfolio(report_warehouse, "2026-W46", tmp_path, smtp_server)
    print("leakage check, fixture:", checked)
    assert checked["clients"] == 4 and checked["emails"] == 3
    assert checked["brief_leaks"] >= 4 * 5  # the detector sees margins where they are


@pytest.mark.browser
def test_no_client_receives_the_msps_economics_built_portfolio(
    request, tmp_path, smtp_server, with_chromium
):
    built = _built(request)
    checked = check_portfolio(built.published, None, tmp_path, smtp_server)
    print("leakage check, built portfolio:", checked)
    assert checked["clients"] >= 6 and checked["emails"] >= 6
    assert checked["brief_leaks"] >= checked["clients"]
