"""A failing blocking check stops the build: the check is named with its numbers, no report is
written, no email is sent, and the published warehouse stays exactly as the last good build
left it. Lost data is such a check: here a landing file rejected whole (issue 18's re-export of
invoice_lines.csv with `amount` renamed) and `--allow-rejected`; the other lost-data builds are
in tests/quality/test_lost_data_builds.py.

One good build (5 clients x 3 months) is made once; each test breaks a copy of it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from aiosmtpd.controller import Controller

from tests.portfolio import BuiltPortfolio
from tests.quality.lost_data_builds import (
    FILES,
    MARGIN,
    Inbox,
    build_again,
    copy_of,
    failed,
    free_port,
    good_build,
    no_reports,
    published_copy,
    rename_amount,
    revenue,
    sha256,
)

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> BuiltPortfolio:
    return good_build(tmp_path_factory.mktemp("good"))


@pytest.fixture
def portfolio(good, tmp_path, monkeypatch) -> BuiltPortfolio:
    """A copy of the good build to break (reports folder emptied, dbt docs off)."""
    monkeypatch.setenv("MSP_DBT_DOCS", "off")
    return copy_of(good, tmp_path)


@pytest.fixture
def inbox(monkeypatch) -> Inbox:
    """A local SMTP server the reports would be emailed to."""
    received = Inbox()
    port = free_port()
    smtp = Controller(received, hostname="127.0.0.1", port=port)
    smtp.start()
    monkeypatch.setenv("MSP_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("MSP_SMTP_PORT", str(port))
    monkeypatch.setenv("MSP_SMTP_STARTTLS", "false")
    monkeypatch.setenv("MSP_REPORT_FROM", "reports@msp.example")
    monkeypatch.setenv("MSP_LEADERSHIP_RECIPIENTS", "owner@msp.example")
    yield received
    smtp.stop()


def test_broken_input_blocks_publish_reports_and_email(portfolio, inbox):
    published_before = sha256(published_copy(portfolio))

    # Revenue for a client nobody exported: the margin mart cannot reconcile with raw.
    header = "invoice_id,line_number,client_id,invoice_date,line_type,amount\n"
    (portfolio.landing / "generic" / "invoice_lines_late.csv").write_text(
        header + "INV-LATE,1,C9999,2025-01-15,labor,250.00\n"
    )
    result = build_again(portfolio)

    assert not result.success
    blocked = {(c.table, c.check) for c in result.failed_checks}
    assert MARGIN in blocked, result.summary()
    summary = result.summary()
    assert "revenue_reconciles" in summary and "C9999" in summary
    assert sha256(published_copy(portfolio)) == published_before
    assert no_reports(portfolio)
    assert inbox.messages == []

    # The next build finds no new file, but the failed build's raw rows are not forgotten:
    # it rebuilds what reads them and is blocked again, instead of publishing the bad marts.
    again = build_again(portfolio)
    assert not again.success
    assert again.plan.changed_raw_tables == {"invoice_lines"}, again.summary()
    assert MARGIN in {(c.table, c.check) for c in again.failed_checks}
    assert sha256(published_copy(portfolio)) == published_before


def test_a_reexport_rejected_whole_blocks_and_allow_rejected_publishes(portfolio, inbox):
    """Issue 18, case 1: a re-export of invoice_lines.csv with `amount` renamed."""
    published_before = sha256(published_copy(portfolio))
    rows = rename_amount(portfolio)

    result = build_again(portfolio)

    assert not result.success
    assert FILES in {(c.table, c.check) for c in result.failed_checks}, result.summary()
    summary = result.summary()
    assert "no_file_rejected" in summary
    observed = failed(result, "no_file_rejected")["observed"]
    assert observed.startswith("1 of 9 landing files lost whole, none of their rows loaded: ")
    assert "generic/invoice_lines.csv" in observed and "amount" in observed
    assert observed.endswith(f"(it loaded {rows} rows before)")
    assert observed in summary
    assert sha256(published_copy(portfolio)) == published_before
    assert no_reports(portfolio)
    assert inbox.messages == []

    allowed = build_again(portfolio, allow_rejected=True)

    assert allowed.success, allowed.summary()
    assert "PUBLISHED ANYWAY (--allow-rejected): 1 landing file(s) rejected whole" in (
        allowed.summary()
    )
    assert "warning: quality_suite on raw/ingested_files" in allowed.summary()
    assert sha256(published_copy(portfolio)) != published_before
    assert not no_reports(portfolio) and inbox.messages, "the gate, not the set-up, held them"


def test_a_small_correction_publishes(portfolio):
    """A corrected line (a later file with the same key) lowers one complete month a little."""
    published_before = sha256(published_copy(portfolio))
    january = [
        cm for cm in portfolio.truth["client_months"]
        if cm["month"] == "2025-01-01" and revenue(cm) >= 1000
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

    result = build_again(portfolio)

    assert result.success, result.summary()
    assert "client_measure_kept" not in result.summary()
    assert sha256(published_copy(portfolio)) != published_before
