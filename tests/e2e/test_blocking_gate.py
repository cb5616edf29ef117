"""A failing blocking check stops the build: the check is named with its numbers, no report is
written, no email is sent, and the published warehouse stays exactly as the last good build
left it. Lost data (a file rejected whole, a required entity with no rows, a complete month far
below the last published build, a client-month grid beyond what dates allow) is such a check.

One good build (5 clients x 3 months, as-of 2025-03-12: January and February are complete) is
made once; each test breaks a copy of it and builds again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import socket
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from aiosmtpd.controller import Controller

from pipelines.build import run_build
from tests.portfolio import BuiltPortfolio, build_portfolio

pytestmark = pytest.mark.e2e

MARGIN = ("marts/fct_client_margin_monthly", "quality_suite")
FILES = ("raw/ingested_files", "quality_suite")
HEALTH = ("marts/fct_client_health_weekly", "quality_suite")
COMPLETE_MONTHS = ("2025-01-01", "2025-02-01")


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


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> BuiltPortfolio:
    return build_portfolio(tmp_path_factory.mktemp("good"), clients=5, months=3, seed=3)


@pytest.fixture
def portfolio(good_build, tmp_path, monkeypatch) -> BuiltPortfolio:
    """A copy of the good build to break; its reports folder emptied, dbt docs off."""
    monkeypatch.setenv("MSP_DBT_DOCS", "off")
    root = tmp_path / "copy"
    shutil.copytree(good_build.root, root)
    copy = BuiltPortfolio(root, root / "landing", root / "data", good_build.truth, None)
    assert any((copy.data_dir / "reports").rglob("*.html")), "the good build writes reports"
    shutil.rmtree(copy.data_dir / "reports")
    return copy


@pytest.fixture
def inbox(monkeypatch):
    """A local SMTP server the reports would be emailed to."""
    received = _Inbox()
    port = _free_port()
    smtp = Controller(received, hostname="127.0.0.1", port=port)
    smtp.start()
    monkeypatch.setenv("MSP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MSP_SMTP_PORT", str(port))
    monkeypatch.setenv("MSP_SMTP_STARTTLS", "false")
    monkeypatch.setenv("MSP_REPORT_FROM", "reports@msp.example")
    monkeypatch.setenv("MSP_LEADERSHIP_RECIPIENTS", "owner@msp.example")
    yield received
    smtp.stop()


def _build(portfolio: BuiltPortfolio, **kwargs):
    return run_build(landing_dir=portfolio.landing, data_dir=portfolio.data_dir, **kwargs)


def _published(portfolio: BuiltPortfolio) -> Path:
    return portfolio.data_dir / "published" / "warehouse.duckdb"


def _no_reports(portfolio: BuiltPortfolio) -> bool:
    reports = portfolio.data_dir / "reports"
    return not reports.exists() or not any(reports.rglob("*.html"))


def _failed(result, check: str, table: str | None = None, column: str | None = None) -> dict:
    """The blocking failure of `check` this run recorded in quality.check_results (on `table`,
    `column` when several): its observed value and details."""
    with duckdb.connect(str(result.settings.warehouse), read_only=True) as con:
        rows = con.execute(
            "select observed_value, cast(details as varchar) from quality.check_results "
            "where run_id = ? and not passed and severity = 'critical' and check_name = ? "
            "and table_name = coalesce(?, table_name) "
            "and column_name is not distinct from coalesce(?, column_name)",
            [result.run_id, check, table, column],
        ).fetchall()
    assert len(rows) == 1, f"{check} failed {len(rows)} times: {rows}"
    observed, details = rows[0]
    return {"observed": observed, **json.loads(details)}


def _fresh_warehouse(portfolio: BuiltPortfolio) -> None:
    """Build again from the landing files alone (e.g. on a new machine); the published copy stays."""
    for path in portfolio.data_dir.glob("warehouse.duckdb*"):
        path.unlink()


def _rename_amount(portfolio: BuiltPortfolio) -> int:
    """The issue's re-export: invoice_lines.csv with `amount` renamed. Returns its data rows."""
    path = portfolio.landing / "generic" / "invoice_lines.csv"
    header, rows = path.read_text(encoding="utf-8").split("\n", 1)
    assert ",amount," in header
    path.write_text(header.replace(",amount,", ",amount_gbp,") + "\n" + rows, encoding="utf-8")
    return len(rows.strip().splitlines())


def _revenue(cm: dict) -> Decimal:
    return Decimal(cm["revenue"])


def test_broken_input_blocks_publish_reports_and_email(portfolio, inbox):
    published_before = _sha256(_published(portfolio))

    # Revenue for a client nobody exported: the margin mart cannot reconcile with raw.
    header = "invoice_id,line_number,client_id,invoice_date,line_type,amount\n"
    (portfolio.landing / "generic" / "invoice_lines_late.csv").write_text(
        header + "INV-LATE,1,C9999,2025-01-15,labor,250.00\n"
    )
    result = _build(portfolio)

    assert not result.success
    failed = {(c.table, c.check) for c in result.failed_checks}
    assert MARGIN in failed, result.summary()
    summary = result.summary()
    assert "revenue_reconciles" in summary and "C9999" in summary
    assert _sha256(_published(portfolio)) == published_before
    assert _no_reports(portfolio)
    assert inbox.messages == []

    # The next build finds no new file, but the failed build's raw rows are not forgotten:
    # it rebuilds what reads them and is blocked again, instead of publishing the bad marts.
    again = _build(portfolio)
    assert not again.success
    assert again.plan.changed_raw_tables == {"invoice_lines"}, again.summary()
    assert MARGIN in {(c.table, c.check) for c in again.failed_checks}
    assert _sha256(_published(portfolio)) == published_before


def test_a_reexport_rejected_whole_blocks_and_allow_rejected_publishes(portfolio, inbox):
    """Issue 18, case 1: a re-export of invoice_lines.csv with `amount` renamed."""
    published_before = _sha256(_published(portfolio))
    rows = _rename_amount(portfolio)

    result = _build(portfolio)

    assert not result.success
    assert FILES in {(c.table, c.check) for c in result.failed_checks}, result.summary()
    summary = result.summary()
    assert "no_file_rejected" in summary
    observed = _failed(result, "no_file_rejected")["observed"]
    assert observed.startswith("1 of 9 landing files lost whole, none of their rows loaded: ")
    assert "generic/invoice_lines.csv" in observed and "amount" in observed
    assert observed.endswith(f"(it loaded {rows} rows before)")
    assert observed in summary
    assert _sha256(_published(portfolio)) == published_before
    assert _no_reports(portfolio)
    assert inbox.messages == []

    allowed = _build(portfolio, allow_rejected=True)

    assert allowed.success, allowed.summary()
    assert "PUBLISHED ANYWAY (--allow-rejected): 1 landing file(s) rejected whole" in (
        allowed.summary()
    )
    assert "warning: quality_suite on raw/ingested_files" in allowed.summary()
    assert _sha256(_published(portfolio)) != published_before
    assert not _no_reports(portfolio) and inbox.messages, "the gate, not the set-up, held them"


def test_a_fresh_build_without_invoice_lines_names_every_loss(portfolio, inbox):
    """The issue's numbers: the rejected file left no invoice line at all, so revenue is 0."""
    published_before = _sha256(_published(portfolio))
    _rename_amount(portfolio)
    _fresh_warehouse(portfolio)

    result = _build(portfolio)

    assert not result.success
    failed = {(c.table, c.check) for c in result.failed_checks}
    assert {FILES, MARGIN, HEALTH} <= failed, result.summary()
    assert _failed(result, "required_entities_present")["observed"] == (
        "1 required entities with no rows: invoice_lines"
    )
    # Every complete month of at least 500.00 published revenue now has none (_truth.json).
    lost = [
        cm for cm in portfolio.truth["client_months"]
        if cm["month"] in COMPLETE_MONTHS and _revenue(cm) >= 500
    ]  # fmt: skip
    total = sum(_revenue(cm) for cm in lost)
    assert len(lost) >= 5 and total > 0
    kept = _failed(result, "client_measure_kept", column="revenue")
    assert kept["observed"] == (
        f"{len(lost)} complete client-months whose revenue fell below 50 % of the last "
        f"published build: {total:,.2f} published, 0 now"
    )
    assert kept["examples"][0] == {
        "client_id": lost[0]["client_id"],
        "month": lost[0]["month"],
        "published_value": float(_revenue(lost[0])),
        "value": 0.0,
        "kept_pct": 0.0,
    }
    assert _sha256(_published(portfolio)) == published_before
    assert _no_reports(portfolio) and inbox.messages == []


def _whole_lines_of_month(text: str, month: str) -> tuple[str, dict[str, Decimal]]:
    """invoice_lines.csv without the lines whose revenue falls wholly in `month` ('2025-02');
    and the amount removed per client."""
    rows = list(csv.DictReader(io.StringIO(text)))
    removed: dict[str, Decimal] = {}
    kept = []
    for row in rows:
        start, end = row["period_start"], row["period_end"]
        in_month = (start[:7] == month and (not end or end[:7] == month)) or (
            not start and row["invoice_date"][:7] == month
        )
        if in_month:
            amount = Decimal(row["amount"].replace("£", "").replace("$", "").replace(",", ""))
            removed[row["client_id"]] = removed.get(row["client_id"], Decimal(0)) + amount
        else:
            kept.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    return out.getvalue(), removed


def test_a_month_of_invoice_lines_missing_blocks_with_the_months_numbers(portfolio):
    published_before = _sha256(_published(portfolio))
    path = portfolio.landing / "generic" / "invoice_lines.csv"
    text, removed = _whole_lines_of_month(path.read_text(encoding="utf-8"), "2025-02")
    path.write_text(text, encoding="utf-8")
    _fresh_warehouse(portfolio)

    result = _build(portfolio)

    assert not result.success
    assert MARGIN in {(c.table, c.check) for c in result.failed_checks}, result.summary()
    # By hand: February's revenue (_truth.json) less the lines removed; lost where it held at
    # least 500.00 and keeps less than half of it. Other months and clients are untouched.
    expected = []
    for cm in portfolio.truth["client_months"]:
        if cm["month"] != "2025-02-01" or cm["client_id"] not in removed:
            continue
        before, now = _revenue(cm), _revenue(cm) - removed[cm["client_id"]]
        if before >= 500 and now < before / 2:
            expected.append((cm["client_id"], cm["month"], float(before), float(now)))
    assert expected, "the portfolio must have a February to lose"
    examples = _failed(result, "client_measure_kept", column="revenue")["examples"]
    assert [
        (e["client_id"], e["month"], e["published_value"], e["value"]) for e in examples
    ] == expected
    assert "client_measure_kept" in result.summary()
    assert _sha256(_published(portfolio)) == published_before
    assert _no_reports(portfolio)


def test_a_small_correction_publishes(portfolio):
    """A corrected line (a later file with the same key) lowers one complete month a little."""
    published_before = _sha256(_published(portfolio))
    january = [
        cm for cm in portfolio.truth["client_months"]
        if cm["month"] == "2025-01-01" and _revenue(cm) >= 1000
    ]  # fmt: skip
    client = january[0]["client_id"]
    lines = list(csv.DictReader(io.StringIO(
        (portfolio.landing / "generic" / "invoice_lines.csv").read_text(encoding="utf-8")
    )))  # fmt: skip
    # The client's January lines of its invoices, lowered by 10 % each: 90 % of the month kept.
    header = (
        "invoice_id,line_number,client_id,invoice_date,period_start,period_end,line_type,amount"
    )
    corrected = [header]
    for row in lines:
        if row["client_id"] == client and row["invoice_date"].startswith("2025-01"):
            amount = Decimal(row["amount"].replace("£", "").replace("$", "").replace(",", ""))
            corrected.append(",".join([
                row["invoice_id"], row["line_number"], client, row["invoice_date"],
                row["period_start"], row["period_end"], row["line_type"],
                str((amount * Decimal("0.9")).quantize(Decimal("0.01"))),
            ]))  # fmt: skip
    assert len(corrected) > 1
    (portfolio.landing / "generic" / "invoice_lines_correction.csv").write_text(
        "\n".join(corrected) + "\n"
    )

    result = _build(portfolio)

    assert result.success, result.summary()
    assert "client_measure_kept" not in result.summary()
    assert _sha256(_published(portfolio)) != published_before


def test_an_impossible_date_never_publishes_a_grown_grid(portfolio):
    """Issue 18, case 7: a ticket dated 0001-01-01 gave its client 24,306 monthly rows."""
    published = _published(portfolio)
    published_before = _sha256(published)
    with duckdb.connect(str(published), read_only=True) as con:
        grid_before = con.execute(
            "select count(*), min(month) from marts.fct_client_margin_monthly"
        ).fetchall()[0]
    header = "ticket_id,client_id,created_at,priority\n"
    (portfolio.landing / "generic" / "tickets_old.csv").write_text(
        header + "T-ANCIENT,C0001,0001-01-01T09:00:00Z,P3\n"
    )

    result = _build(portfolio)

    with duckdb.connect(str(result.settings.warehouse), read_only=True) as con:
        quarantined = con.execute(
            "select count(*) from raw.quarantine where file_path = 'generic/tickets_old.csv'"
        ).fetchall()[0][0]
    if quarantined:  # ingest refuses such dates at the door: the grid never grows
        assert result.success, result.summary()
    else:  # the date got in: the grid check holds the build
        assert not result.success
        assert {MARGIN, HEALTH} <= {(c.table, c.check) for c in result.failed_checks}
        observed = _failed(
            result, "client_periods_within_dates", table="marts.fct_client_margin_monthly"
        )["observed"]
        # 0001-01 .. 1999-12: 1999 years of 12 months before 2000-01, all of client C0001.
        assert observed.startswith(f"{1999 * 12} client-months of 1 clients outside 2000-01-01 ..")
        assert _sha256(published) == published_before
        assert _no_reports(portfolio)
    with duckdb.connect(str(published), read_only=True) as con:
        grid_after = con.execute(
            "select count(*), min(month) from marts.fct_client_margin_monthly"
        ).fetchall()[0]
    assert grid_after == grid_before
