"""Lost data blocks real builds, with the numbers in the message: a fresh build without any
invoice line (required entity, revenue 0 against the published build), a month of invoice lines
missing, a client-month grid grown by an impossible date. The published copy stays as it was
and no report is written. (The re-export rejected whole, `--allow-rejected` and a small
correction that publishes: tests/e2e/test_blocking_gate.py.)

One good build (5 clients x 3 months, as-of 2025-03-12: January and February are complete) is
made once; each test breaks a copy of it.
"""

from __future__ import annotations

import duckdb
import pytest

from tests.portfolio import BuiltPortfolio
from tests.quality.lost_data_builds import (
    COMPLETE_MONTHS,
    FILES,
    HEALTH,
    MARGIN,
    build_again,
    copy_of,
    failed,
    fresh_warehouse,
    good_build,
    no_reports,
    published_copy,
    rename_amount,
    revenue,
    sha256,
    whole_lines_of_month,
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


def test_a_fresh_build_without_invoice_lines_names_every_loss(portfolio):
    """The issue's numbers: the rejected file left no invoice line at all, so revenue is 0."""
    published_before = sha256(published_copy(portfolio))
    rename_amount(portfolio)
    fresh_warehouse(portfolio)

    result = build_again(portfolio)

    assert not result.success
    blocked = {(c.table, c.check) for c in result.failed_checks}
    assert {FILES, MARGIN, HEALTH} <= blocked, result.summary()
    assert failed(result, "required_entities_present")["observed"] == (
        "1 required entities with no rows: invoice_lines"
    )
    # Every complete month of at least 500.00 published revenue now has none (_truth.json).
    lost = [
        cm for cm in portfolio.truth["client_months"]
        if cm["month"] in COMPLETE_MONTHS and revenue(cm) >= 500
    ]  # fmt: skip
    total = sum(revenue(cm) for cm in lost)
    assert len(lost) >= 5 and total > 0
    kept = failed(result, "client_measure_kept", column="revenue")
    assert kept["observed"] == (
        f"{len(lost)} complete client-months whose revenue fell below 50 % of the last "
        f"published build: {total:,.2f} published, 0 now"
    )
    assert kept["examples"][0] == {
        "client_id": lost[0]["client_id"],
        "month": lost[0]["month"],
        "published_value": float(revenue(lost[0])),
        "value": 0.0,
        "kept_pct": 0.0,
    }
    assert sha256(published_copy(portfolio)) == published_before
    assert no_reports(portfolio)


def test_a_month_of_invoice_lines_missing_blocks_with_the_months_numbers(portfolio):
    published_before = sha256(published_copy(portfolio))
    path = portfolio.landing / "generic" / "invoice_lines.csv"
    text, removed = whole_lines_of_month(path.read_text(encoding="utf-8"), "2025-02")
    path.write_text(text, encoding="utf-8")
    fresh_warehouse(portfolio)

    result = build_again(portfolio)

    assert not result.success
    assert MARGIN in {(c.table, c.check) for c in result.failed_checks}, result.summary()
    # By hand: February's revenue (_truth.json) less the lines removed; lost where it held at
    # least 500.00 and keeps less than half of it. Other months and clients are untouched.
    expected = []
    for cm in portfolio.truth["client_months"]:
        if cm["month"] != "2025-02-01" or cm["client_id"] not in removed:
            continue
        before, now = revenue(cm), revenue(cm) - removed[cm["client_id"]]
        if before >= 500 and now < before / 2:
            expected.append((cm["client_id"], cm["month"], float(before), float(now)))
    assert expected, "the portfolio must have a February to lose"
    examples = failed(result, "client_measure_kept", column="revenue")["examples"]
    assert [
        (e["client_id"], e["month"], e["published_value"], e["value"]) for e in examples
    ] == expected
    assert "client_measure_kept" in result.summary()
    assert sha256(published_copy(portfolio)) == published_before
    assert no_reports(portfolio)


def test_an_impossible_date_never_publishes_a_grown_grid(portfolio):
    """Issue 18, case 7: a ticket dated 0001-01-01 gave its client 24,306 monthly rows."""
    published = published_copy(portfolio)
    published_before = sha256(published)
    with duckdb.connect(str(published), read_only=True) as con:
        grid_before = con.execute(
            "select count(*), min(month) from marts.fct_client_margin_monthly"
        ).fetchall()[0]
    header = "ticket_id,client_id,created_at,priority\n"
    (portfolio.landing / "generic" / "tickets_old.csv").write_text(
        header + "T-ANCIENT,C0001,0001-01-01T09:00:00Z,P3\n"
    )

    result = build_again(portfolio)

    with duckdb.connect(str(result.settings.warehouse), read_only=True) as con:
        quarantined = con.execute(
            "select count(*) from raw.quarantine where file_path = 'generic/tickets_old.csv'"
        ).fetchall()[0][0]
    if quarantined:  # ingest refuses such dates at the door: the grid never grows
        assert result.success, result.summary()
    else:  # the date got in: the grid check holds the build
        assert not result.success
        assert {MARGIN, HEALTH} <= {(c.table, c.check) for c in result.failed_checks}
        observed = failed(
            result, "client_periods_within_dates", table="marts.fct_client_margin_monthly"
        )["observed"]
        # 0001-01 .. 1999-12: 1999 years of 12 months before 2000-01, all of client C0001.
        assert observed.startswith(f"{1999 * 12} client-months of 1 clients outside 2000-01-01 ..")
        assert sha256(published) == published_before
        assert no_reports(portfolio)
    with duckdb.connect(str(published), read_only=True) as con:
        grid_after = con.execute(
            "select count(*), min(month) from marts.fct_client_margin_monthly"
        ).fetchall()[0]
    assert grid_after == grid_before
