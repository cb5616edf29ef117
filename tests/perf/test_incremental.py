"""Incremental by design: a weekly refresh gives the same marts as a full build.

A small portfolio is split into the landing as it was a week before its as-of (base) and the
week's new files (bench/weekly_split.py, the split `make bench` uses). The week also re-sends
one client with a new timezone, so the client's naive timestamps must be read again. Build
base, add the week, build again (the incremental facts process only what is new); then build
the combined files in a fresh warehouse. Every mart, and the incremental facts themselves,
must be equal row for row.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from weekly_split import add_week, split_last_week  # noqa: E402

from pipelines.build import run_build  # noqa: E402
from pipelines.settings import env_overrides  # noqa: E402
from tests.compare_rows import rows_only_in  # noqa: E402
from tests.portfolio import build_without_docs  # noqa: E402

pytestmark = pytest.mark.build

INCREMENTAL_FACTS = ("int_monitoring_events", "int_tickets", "int_time_entries")
# A client moves to another zone name with the same offsets: every naive timestamp of it must
# be read again, and the data stays consistent (a real offset change would make some tickets
# resolved before they were created, which the quality gates rightly block).
_SAME_OFFSETS = {"": "Etc/UTC", "UTC": "Etc/UTC", "Asia/Tokyo": "Asia/Seoul",
                 "Asia/Kolkata": "Asia/Colombo", "Europe/Berlin": "Europe/Paris",
                 "America/New_York": "America/Detroit", "America/Chicago": "America/Winnipeg",
                 "America/Los_Angeles": "America/Vancouver", "Europe/London": "Europe/Jersey",
                 "Australia/Sydney": "Australia/Melbourne"}  # fmt: skip


def _retime_one_client(base: Path, week: Path) -> tuple[str, str]:
    """Re-send one client with another timezone in the week's files: (client_id, timezone)."""
    with (base / "generic" / "clients.csv").open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    client = next(r for r in rows if (r.get("timezone") or "") in _SAME_OFFSETS)
    client["timezone"] = _SAME_OFFSETS[client.get("timezone") or ""]
    with (week / "generic" / "clients_retimed.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerow(client)
    return client["client_id"], client["timezone"]


def _differences(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    columns = [
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_catalog = 'fresh' "
            "and table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        if c != "_loaded_at"  # when a row was loaded differs by construction
    ]
    problems = []
    for left, right in (("incr", "fresh"), ("fresh", "incr")):
        rows = rows_only_in(con, f"{left}.{schema}.{table}", f"{right}.{schema}.{table}", columns)
        problems += [f"{schema}.{table}: only in {left}: {row}" for row in rows]
    return problems


def test_weekly_incremental_build_equals_full_build(tmp_path):
    from pipelines.generate import generate_portfolio

    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=6, months=3, seed=29)
    base, week = tmp_path / "base", tmp_path / "week"
    split_last_week(landing, base, week)
    retimed, new_zone = _retime_one_client(base, week)
    assert any((week / "generic").glob("*_lastweek.csv"))

    incremental = tmp_path / "incremental"
    build_without_docs(base, incremental)
    add_week(base, week)
    incr = build_without_docs(base, incremental)
    fresh = build_without_docs(base, tmp_path / "fresh")
    # The refresh ran only what reads the week's files (and the re-sent client).
    assert not incr.plan.everything and fresh.plan.everything
    assert incr.plan.changed_raw_tables == {"clients", "monitoring_events", "tickets", "time_entries"}
    assert 0 < incr.tables_built < fresh.tables_built
    # The same files once more: nothing to rebuild, and the marts stay as they are.
    again = build_without_docs(base, incremental)
    assert again.plan.changed_raw_tables == frozenset() and again.tables_built == 0
    # ...but the freshness check still runs: the generated data ends in 2025, long ago.
    assert any("data_is_fresh" in w.description for w in again.warnings), again.summary()
    # Where stale data blocks (a scheduled deployment), nothing new is no way around it.
    published = again.settings.published_warehouse.read_bytes()
    with env_overrides(MSP_DBT_DOCS="off", MSP_FRESHNESS_BLOCKING="1"):
        stale = run_build(landing_dir=base, data_dir=incremental)
    assert not stale.success and stale.tables_built == 0
    assert {c.table for c in stale.failed_checks} == {"marts/fct_client_health_weekly"}
    assert again.settings.published_warehouse.read_bytes() == published

    with duckdb.connect() as con:
        con.execute(f"attach '{incr.settings.warehouse}' as incr (read_only)")
        con.execute(f"attach '{fresh.settings.warehouse}' as fresh (read_only)")
        marts = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_catalog = 'fresh' "
                "and table_schema = 'marts' and table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        assert "fct_outages" in marts and "fct_client_health_weekly" in marts
        problems = []
        for table in marts:
            problems += _differences(con, "marts", table)
        for table in INCREMENTAL_FACTS:
            problems += _differences(con, "intermediate", table)
        assert not problems, "\n".join(problems[:40])

        # The incremental build really was incremental: the base rows kept their load time.
        loads = con.execute(
            "select count(distinct _loaded_at) from incr.intermediate.int_tickets"
        ).fetchall()[0][0]
        assert loads == 2
        # And every row of the retimed client was converted again, in its new timezone.
        zones = con.execute(
            "select distinct _client_timezone from incr.intermediate.int_tickets where client_id = ?",
            [retimed],
        ).fetchall()
        assert zones == [(new_zone,)]
