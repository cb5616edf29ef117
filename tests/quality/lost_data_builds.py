"""Real builds for the lost-data gates: a good build and copies of it to break, a local SMTP
inbox, and the failures a build recorded in quality.check_results. Shared by
tests/e2e/test_blocking_gate.py and tests/quality/test_lost_data_builds.py (two files, so that
`pytest -n 2 --dist loadfile` builds them side by side)."""

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

from pipelines.build import run_build
from tests.portfolio import BuiltPortfolio, build_portfolio

MARGIN = ("marts/fct_client_margin_monthly", "quality_suite")
FILES = ("raw/ingested_files", "quality_suite")
HEALTH = ("marts/fct_client_health_weekly", "quality_suite")
COMPLETE_MONTHS = ("2025-01-01", "2025-02-01")


class Inbox:
    """Handler of aiosmtpd's Controller: keeps every message."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_again(portfolio: BuiltPortfolio, **kwargs):
    return run_build(landing_dir=portfolio.landing, data_dir=portfolio.data_dir, **kwargs)


def published_copy(portfolio: BuiltPortfolio) -> Path:
    return portfolio.data_dir / "published" / "warehouse.duckdb"


def no_reports(portfolio: BuiltPortfolio) -> bool:
    reports = portfolio.data_dir / "reports"
    return not reports.exists() or not any(reports.rglob("*.html"))


def failed(result, check: str, table: str | None = None, column: str | None = None) -> dict:
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


def fresh_warehouse(portfolio: BuiltPortfolio) -> None:
    """Build again from the landing files alone (e.g. on a new machine); the published copy stays."""
    for path in portfolio.data_dir.glob("warehouse.duckdb*"):
        path.unlink()


def rename_amount(portfolio: BuiltPortfolio) -> int:
    """The issue's re-export: invoice_lines.csv with `amount` renamed. Returns its data rows."""
    path = portfolio.landing / "generic" / "invoice_lines.csv"
    header, rows = path.read_text(encoding="utf-8").split("\n", 1)
    assert ",amount," in header
    path.write_text(header.replace(",amount,", ",amount_gbp,") + "\n" + rows, encoding="utf-8")
    return len(rows.strip().splitlines())


def revenue(cm: dict) -> Decimal:
    return Decimal(cm["revenue"])


def whole_lines_of_month(text: str, month: str) -> tuple[str, dict[str, Decimal]]:
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


def good_build(root: Path) -> BuiltPortfolio:
    """5 clients x 3 months, as-of 2025-03-12: January and February are complete."""
    return build_portfolio(root, clients=5, months=3, seed=3)


def copy_of(good: BuiltPortfolio, tmp_path: Path) -> BuiltPortfolio:
    """A copy of the good build to break, its reports folder emptied."""
    root = tmp_path / "copy"
    shutil.copytree(good.root, root)
    copy = BuiltPortfolio(root, root / "landing", root / "data", good.truth, None)
    assert any((copy.data_dir / "reports").rglob("*.html")), "the good build writes reports"
    shutil.rmtree(copy.data_dir / "reports")
    return copy
