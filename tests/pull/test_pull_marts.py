"""The promise of the pull: the marts built from pulled files equal the marts built from the
same records placed in the landing folder by hand, for every vendor API.

A generated portfolio is written in a PSA's and a monitoring tool's shapes; a local server
per vendor answers its API from those records (pages of 50); the pull lands them; both
landings are built with ingest + dbt (tests/fastbuild.py) and every mart is compared row for
row (doubles to 9 decimals). Every vendor is equal with no exclusion: what differs between
the two landings (file names, one file per page, entities split over several calls such as
Datto RMM's open and resolved alerts) stops at raw.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.vendors.specs import VENDOR_ENTITIES
from pipelines.pull.run import pull
from tests.compare_rows import rows_only_in
from tests.fastbuild import build_marts
from tests.pull.conftest import SERVERS, _env
from tests.vendors.portfolios import generate

pytestmark = pytest.mark.build

def served_records(vendor_dir: Path, vendor: str) -> dict[str, list[dict]]:
    """Each landing entity's records, unwrapped from the API envelope the files hold."""
    records: dict[str, list[dict]] = {}
    for spec in VENDOR_ENTITIES[vendor]:
        if spec.file_format != "json":
            continue
        for path in sorted(vendor_dir.glob(f"{spec.file_stem}*.json")):
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            for wrapper in spec.wrappers:
                if isinstance(data, dict) and wrapper in data:
                    data = data[wrapper]
            records.setdefault(spec.entity, []).extend(data)
    if vendor == "connectwise":
        sla_ids = sorted({r["sla"]["id"] for r in records.get("sla_priorities", [])})
        records["slas"] = [{"id": i} for i in sla_ids]
    return records


def mart_differences(left: Path, right: Path) -> list[str]:
    problems = []
    with duckdb.connect() as con:
        con.execute(f"attach '{left}' as a (read_only)")
        con.execute(f"attach '{right}' as b (read_only)")
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'a' and schema_name = 'marts'"
        ).fetchall()]  # fmt: skip
        for table in tables:
            columns = [r[0] for r in con.execute(f"describe a.marts.{table}").fetchall()]
            for x, y in (("a", "b"), ("b", "a")):
                rows = rows_only_in(con, f"{x}.marts.{table}", f"{y}.marts.{table}", columns)
                if rows:
                    problems.append(f"marts.{table}: rows of {x} not in {y}, as {rows[:2]}")
    return problems


# Each vendor once, a PSA beside a monitoring tool, so 4 cases (8 builds) cover all 7 APIs.
PAIRS = [
    ("connectwise", "ninjaone"),
    ("autotask", "datto_rmm"),
    ("halopsa", "zabbix"),
    ("generic", "prtg"),
]


@pytest.mark.parametrize(("psa", "monitoring"), PAIRS, ids=[f"{p}+{m}" for p, m in PAIRS])
def test_marts_from_pulled_files_equal_marts_from_files_by_hand(
    psa, monitoring, tmp_path, clean_env, monkeypatch
):
    by_hand = generate(tmp_path / "by_hand", psa, monitoring)
    vendors = [v for v in (psa, monitoring) if v != "generic"]
    servers = [SERVERS[v](served_records(by_hand / v, v), page_size=50) for v in vendors]
    try:
        for vendor, server in zip(vendors, servers, strict=True):
            base = server.start()
            for key, value in _env(vendor, base, server).items():
                monkeypatch.setenv(key, value)
        pulled = tmp_path / "pulled"
        shutil.copytree(by_hand, pulled, ignore=shutil.ignore_patterns("*.json"))  # CSVs: MSP-made
        run = pull(vendors, data_dir=tmp_path / "pull_data", landing_dir=pulled, page_size=50)
        assert run.ok, run.summary()
    finally:
        for server in servers:
            if hasattr(server, "httpd"):
                server.stop()
    for vendor in vendors:  # every entity the adapter reads arrived through the API
        by_hand_entities = {p.stem for p in (by_hand / vendor).glob("*.json")}
        pulled_entities = {p.name.split("_pull_")[0] for p in (pulled / vendor).glob("*.json")}
        assert pulled_entities == by_hand_entities, vendor
    pulled_wh = build_marts(pulled, tmp_path / "b")
    problems = mart_differences(build_marts(by_hand, tmp_path / "a"), pulled_wh)
    assert not problems, "\n".join(problems)
    with duckdb.connect(str(pulled_wh), read_only=True) as con:  # equal, and not equally empty
        for mart in ("fct_tickets", "dim_devices", "fct_outages"):
            assert con.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0, mart
