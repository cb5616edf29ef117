"""The key promise of an adapter: the same portfolio in vendor formats gives the same marts.

Both landings come from one seed; each is built by ingest + dbt (`tests/fastbuild.py`); every mart
table is compared row for row, to the minute and the cent, after translating the vendor's
ids back with `_vendor_ids.csv`.
"""

from __future__ import annotations

import duckdb
import pytest

from pipelines.settings import DBT_PROJECT_DIR
from tests.fastbuild import build_marts
from tests.vendors.compare import column_names, differences, load_vendor_ids
from tests.vendors.portfolios import generate
from tests.vendors.test_staging_equality import MONITORING_ENTITIES, PAIRS

pytestmark = pytest.mark.e2e

MART_ID_COLUMNS = {
    "ticket_id": "tickets", "merged_into_ticket_id": "tickets", "device_id": "devices",
    "agreement_id": "agreements", "current_agreement_id": "agreements",
    "event_id": "monitoring_events", "invoice_id": "invoices", "time_entry_id": "time_entries",
}  # fmt: skip
PSA_ENTITIES = (
    "clients", "technicians", "agreements", "sla_targets", "tickets", "time_entries", "invoice_lines",
)  # fmt: skip


def _unwired(psa: str, monitoring: str) -> list[str]:
    """int_<entity> models whose union does not name this pair's staging model yet."""
    missing = []
    for entity in (*PSA_ENTITIES, *MONITORING_ENTITIES):
        vendor = monitoring if entity in MONITORING_ENTITIES else psa
        sql = (DBT_PROJECT_DIR / "models/intermediate/core" / f"int_{entity}.sql").read_text()
        if f"stg_{vendor}__{entity}" not in sql:
            missing.append(f"int_{entity} (stg_{vendor}__{entity})")
    return missing


def _build(root, landing):
    """The marts of a landing dir: ingest + dbt (tests/fastbuild.py); the full job is
    exercised by tests/e2e, and five full builds here would cost minutes each."""
    return build_marts(landing, root / "data")


@pytest.fixture(scope="module")
def generic_marts(tmp_path_factory):
    """The generic-format build, shared by every pair."""
    root = tmp_path_factory.mktemp("generic_build")
    return _build(root, generate(root / "landing"))


@pytest.mark.parametrize(("psa", "monitoring"), PAIRS, ids=lambda v: v)
def test_vendor_marts_equal_generic_marts(tmp_path, generic_marts, psa, monitoring):
    missing = _unwired(psa, monitoring)
    if missing:
        pytest.skip("vendor staging not in the int_<entity> unions yet: " + ", ".join(missing))
    vendor_landing = generate(tmp_path / "landing", psa, monitoring)
    vendor_wh = _build(tmp_path, vendor_landing)
    with duckdb.connect() as con:
        con.execute(f"attach '{generic_marts}' as g (read_only)")
        con.execute(f"attach '{vendor_wh}' as v (read_only)")
        load_vendor_ids(con, vendor_landing)
        marts = [
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
                " where table_catalog = 'g' and table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        assert "fct_client_margin_monthly" in marts
        problems = []
        for mart in marts:
            columns = [c for c in column_names(con, f"g.marts.{mart}") if c != "source_system"]
            (rows,) = con.execute(f"select count(*) from g.marts.{mart}").fetchall()[0]
            diff = differences(con, f"g.marts.{mart}", f"v.marts.{mart}", columns, MART_ID_COLUMNS)
            if diff or not rows:
                problems.append(f"{mart}: {rows} generic rows, {len(diff)} differ: {diff[:3]}")
    assert not problems, "\n".join(problems)
