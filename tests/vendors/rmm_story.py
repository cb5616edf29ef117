"""One small monitoring story, told in each RMM's real API shapes (tests/data/vendors/<vendor>/),
and the marts it must give, worked out by hand below.

Client C1 (Acme) has a server, a switch, a workstation and a device of a class no seed knows;
client C2 (Beta) has one workstation and nothing critical. Times are UTC, January-February 2025:

  01-06 10:00-10:45  server down (the tool's down condition at a non-critical severity)   } one outage
  01-06 10:30-11:15  switch down                                                          } 75 min, 2 devices
  01-06 10:05-10:40  server CPU / agent trouble: not a down condition, not critical       -
  01-10 09:00-10:00  workstation down: not a critical device                              -
  01-15 02:00-03:00  server down in a maintenance window                                  -
  01-31 23:40-02-01 00:20  server disk critical                                           40 min: 20 Jan, 20 Feb
  02-02 08:00-08:30  server down                                                          30 min
  02-03 12:00-       switch down, still open at the as-of time                            2,880 min
  02-05 00:00-12:00  workstation warning: ends last, so the as-of time is 02-05 12:00
  C2 01-12 08:00-09:00  workstation disk critical: C2 has monitoring data, no critical device

January has 44,640 minutes; February up to the as-of time 4.5 days = 6,480 minutes.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb

from tests.fastbuild import _WORK as FASTBUILD_WORK
from tests.fastbuild import build_marts, run_dbt

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "vendors"
CLIENTS_CSV = (
    "client_id,client_name,industry,seats,timezone\nC1,Acme,legal,20,UTC\nC2,Beta,retail,5,UTC\n"
)

OUTAGES_C1 = [
    (datetime(2025, 1, 6, 10, 0), datetime(2025, 1, 6, 11, 15), 75.0, 2),
    (datetime(2025, 1, 31, 23, 40), datetime(2025, 2, 1, 0, 20), 40.0, 1),
    (datetime(2025, 2, 2, 8, 0), datetime(2025, 2, 2, 8, 30), 30.0, 1),
    (datetime(2025, 2, 3, 12, 0), datetime(2025, 2, 5, 12, 0), 2880.0, 1),
]
# (client, month, downtime_minutes, outage_count, availability_pct, longest_outage_minutes)
DOWNTIME = [
    ("C1", date(2025, 1, 1), 95.0, 2, 100 * (1 - 95 / 44640), 75.0),
    ("C1", date(2025, 2, 1), 2930.0, 3, 100 * (1 - 2930 / 6480), 2880.0),
    ("C2", date(2025, 1, 1), 0.0, 0, 100.0, 0.0),
    ("C2", date(2025, 2, 1), 0.0, 0, 100.0, 0.0),
]
# device name -> (device_type, is_critical); the unknown class is `other`, tagged not critical.
DEVICES = {
    "acme-srv-01": ("server", True),
    "acme-sw-01": ("network", True),
    "acme-pc-01": ("workstation", False),
    "beta-pc-01": ("laptop", False),
}


def land(vendor: str, landing: Path) -> Path:
    """The vendor's fixture files as landing/<vendor>/, the clients as landing/generic/clients.csv."""
    shutil.copytree(FIXTURES / vendor, landing / vendor, ignore=shutil.ignore_patterns("*.md"))
    (landing / "generic").mkdir(parents=True)
    (landing / "generic" / "clients.csv").write_text(CLIENTS_CSV, encoding="utf-8")
    return landing


def build(vendor: str, root: Path) -> Path:
    return build_marts(land(vendor, root / "landing"), root / "data")


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def outages(warehouse: Path, client_id: str) -> list[tuple]:
    return query(
        warehouse,
        "select outage_start, outage_end, duration_minutes, devices_affected from marts.fct_outages"
        f" where client_id = '{client_id}' order by outage_start",  # noqa: S608 - test constant
    )


def downtime(warehouse: Path) -> list[tuple]:
    return query(
        warehouse,
        "select client_id, month, downtime_minutes, outage_count, availability_pct,"
        " longest_outage_minutes from marts.fct_client_downtime_monthly order by 1, 2",
    )


def devices(warehouse: Path) -> dict[str, tuple]:
    rows = query(warehouse, "select device_name, device_type, is_critical from marts.dim_devices")
    return {name: (device_type, critical) for name, device_type, critical in rows}


def assert_downtime_matches(warehouse: Path) -> None:
    assert outages(warehouse, "C1") == OUTAGES_C1
    assert outages(warehouse, "C2") == []
    got = downtime(warehouse)
    assert [row[:4] for row in got] == [row[:4] for row in DOWNTIME]
    for got_row, want in zip(got, DOWNTIME, strict=True):
        assert abs(got_row[4] - want[4]) < 1e-9, (got_row, want)
        assert got_row[5] == want[5]


def warnings_of_dbt_tests(warehouse: Path, tests: list[str]) -> dict[str, tuple]:
    """{test: (status, failures)} of the named dbt tests run against the built warehouse
    (in the fast build's dbt work dir, whose parse the build left behind)."""
    done = run_dbt(["test", "--select", *tests], warehouse, FASTBUILD_WORK)
    results = json.loads((FASTBUILD_WORK / "target" / "run_results.json").read_text())["results"]
    by_name = {r["unique_id"].split(".")[2]: (r["status"], r["failures"]) for r in results}
    assert set(by_name) == set(tests), done.stdout[-3000:]
    return by_name
