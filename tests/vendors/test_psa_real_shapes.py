"""The three PSA adapters on exports shaped like the vendors' real API responses
(tests/data/vendors/<vendor>/, shapes cited in each SOURCES.md), not like this project's generator.

One landing holds all three (a client each: CW1 ConnectWise, AT1 Autotask, HALO1 HaloPSA), built
by ingest + `dbt build` with every data test, so the fixtures' own board types, sources, priorities,
statuses, work types and item codes (some unknown to the seed) build. The marts are compared with
values worked out by hand below; each figure says where it comes from.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import ingest_landing
from pipelines.ingest.vendors.mapping_report import vendor_mapping_lines
from tests.fastbuild import _WORK, run_dbt

pytestmark = pytest.mark.build

FIXTURES = Path(__file__).parents[1] / "data" / "vendors"
PSAS = ("connectwise", "autotask", "halopsa")
JAN, FEB, MAR = "2025-01-01", "2025-02-01", "2025-03-01"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("psa_real_shapes")
    landing = root / "landing"
    for vendor in PSAS:
        shutil.copytree(FIXTURES / vendor, landing / vendor, ignore=shutil.ignore_patterns("*.md"))
    warehouse = root / "warehouse.duckdb"
    summary = ingest_landing(landing, warehouse)
    assert {f.status for f in summary.files} == {"loaded"}, [
        (f.file_path, f.status, f.message) for f in summary.files if f.status != "loaded"
    ]
    assert sum(f.rows_quarantined for f in summary.files) == 0
    # Every data test runs: an unknown board type, source or item code must not fail one.
    done = run_dbt(["build", "--exclude-resource-type", "unit_test"], warehouse, _WORK)
    assert done.returncode == 0, done.stdout[-6000:]
    assert "vendor_values_are_all_mapped" in done.stdout  # it warns (below), it does not fail
    return warehouse


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _margin(warehouse: Path, client_id: str) -> list[tuple]:
    return _rows(
        warehouse,
        "select cast(month as varchar), support_model, revenue, labor_hours, billable_hours,"
        " labor_cost, parts_cost from marts.fct_client_margin_monthly"
        f" where client_id = '{client_id}' order by month",  # noqa: S608 - test literal
    )


def _sla(warehouse: Path, client_id: str) -> list[tuple]:
    return _rows(
        warehouse,
        "select cast(month as varchar), tickets, response_met, response_breached, resolution_met,"
        " resolution_breached from marts.fct_client_sla_monthly"
        f" where client_id = '{client_id}' order by month",  # noqa: S608 - test literal
    )


def _tickets(warehouse: Path, client_id: str) -> list[tuple]:
    return _rows(
        warehouse,
        "select ticket_id, ticket_type, source, priority, support_model, response_sla_met,"
        " resolution_sla_met from marts.fct_tickets"
        f" where client_id = '{client_id}' order by ticket_id",  # noqa: S608 - test literal
    )


def d(text: str) -> Decimal:
    return Decimal(text)


def test_connectwise_invoice_totals_quarterly_agreement_and_sla(warehouse):
    # Agreement invoice 9001: agreementAmount 2,700 over the Quarterly cycle Jan 1 - Mar 31
    # (90 days): Jan 31/90 = 930.00, Feb 28/90 = 840.00, Mar the rest 930.00.
    # Invoice 9002 (Feb 1): serviceTotal 375 + productTotal 250 (product 3301: 2 x 125, cost 80).
    # Credit memo 9003 (Mar 10): serviceTotal 45 -> -45.
    # Time: Jan 2.5 h billable (jsmith 60/h), Feb 1.25 h DoNotBill (akhan 48/h), Mar 0.75 h NoCharge.
    assert _margin(warehouse, "CW1") == [
        (JAN, "managed", d("930.00"), 2.5, 2.5, d("150.00"), d("0.00")),
        (FEB, "managed", d("1465.00"), 1.25, 0.0, d("60.00"), d("160.00")),
        (MAR, "managed", d("885.00"), 0.75, 0.0, d("45.00"), d("0.00")),
    ]
    # The agreement's monthly fee is billAmount / the cycle's months: 2,700 / 3.
    assert _rows(
        warehouse, "select monthly_fee from intermediate.int_agreements where agreement_id = '5001'"
    ) == [(d("900.00"),)]


def test_connectwise_tickets_and_sla_verdicts(warehouse):
    # SLA 3 of the agreement (`sla: {id, name}`): P1 respond 1 h / resolve 4 h, P3 4 h / 24 h.
    # 70001 P1: responded 30 min (met), resolved 6 h (breached). 70002 "Hardware" board type
    # (unknown -> incident), source "Chat" (unknown -> none): 120 min / 22 h, both met.
    # 70003 priority "Urgent" (unknown -> P3), never answered: as-of 2025-03-20 12:00 is 52 h
    # after it, past both targets. 70004 merged into 70001: no verdict. 70005 Change Request.
    assert _tickets(warehouse, "CW1") == [
        ("70001", "incident", "phone", "P1", "managed", True, False),
        ("70002", "incident", None, "P3", "managed", True, True),
        ("70003", "request", "email", "P3", "managed", False, False),
        ("70004", "incident", "email", "P1", "managed", None, None),
        ("70005", "change", "portal", "P3", "managed", True, True),
    ]
    assert _sla(warehouse, "CW1") == [
        (JAN, 1, 1, 0, 0, 1),
        (FEB, 1, 1, 0, 1, 0),
        (MAR, 2, 1, 1, 1, 1),
    ]


def test_autotask_billing_items_contract_services_and_work_date_time(warehouse):
    # Contract 29684500 (Recurring Service, Monthly) Jan-Feb: ContractServices adjustedPrice
    # 1,200 a month; contract 29684501 (Time and Materials) from Mar 1.
    # Billing items (no line number, no period): 880101 service Jan 1 (1,200, Jan),
    # 880102 service Feb 1 (1,200, Feb), 880103 labour dated Jan 15 (420, Jan),
    # 880104 ticket cost Mar 12 (300, cost 210), 880105 service adjustment (-50, Mar).
    # Time: 45101 3 h on Jan 15 (55/h, billable); 45102 1.5 h with only dateWorked Jan 31
    # (40/h, non-billable); 45103 2 h with only dateWorked Mar 1 (55/h, billable): placed on its
    # work date in UTC, so March even though the client's zone is Europe/Berlin.
    assert _margin(warehouse, "AT1") == [
        (JAN, "managed", d("1620.00"), 4.5, 3.0, d("225.00"), d("0.00")),
        (FEB, "managed", d("1200.00"), 0.0, 0.0, d("0.00"), d("0.00")),
        (MAR, "break_fix", d("250.00"), 2.0, 2.0, d("110.00"), d("210.00")),
    ]
    assert _rows(
        warehouse,
        "select agreement_id, monthly_fee, cast(end_date as varchar) from intermediate.int_agreements"
        " where source_system = 'autotask' order by 1",
    ) == [("29684500", d("1200.00"), "2025-02-28"), ("29684501", None, None)]
    # Derived line numbers: the item's position in its invoice, by id.
    assert _rows(
        warehouse,
        "select invoice_id, line_number, line_type, cast(period_start as varchar),"
        " cast(period_end as varchar) from intermediate.int_invoice_lines"
        " where source_system = 'autotask' order by 1, 2",
    ) == [
        ("2201", 1, "recurring_fee", "2025-01-01", "2025-01-31"),
        ("2202", 1, "recurring_fee", "2025-02-01", "2025-02-28"),
        ("2202", 2, "labor", "2025-01-15", "2025-01-15"),
        ("2203", 1, "parts", "2025-03-12", "2025-03-12"),
        ("2203", 2, "credit", "2025-03-12", "2025-03-12"),
    ]


def test_autotask_tickets_and_sla_verdicts(warehouse):
    # sla_targets.csv for SLA 1: High 60 / 480 min, Medium 240 / 1440 min.
    # 7101 High -> P2: 45 min / 6 h, met. 7102 Medium -> P3, ticket type Alert -> incident:
    # 300 min (breached) / 23 h (met). 7103 under the T&M contract: no SLA, no verdict.
    assert _tickets(warehouse, "AT1") == [
        ("7101", "incident", "phone", "P2", "managed", True, True),
        ("7102", "incident", "monitoring", "P3", "managed", False, True),
        ("7103", "request", "email", "P4", "break_fix", None, None),
    ]
    assert _sla(warehouse, "AT1") == [
        (JAN, 1, 1, 0, 1, 0),
        (FEB, 1, 0, 1, 1, 0),
        (MAR, 1, 0, 0, 0, 0),
    ]


def test_halopsa_contract_actions_and_invoice_lines(warehouse):
    # Contract 301 contracttype_name "Block Hours" -> hybrid; periodchargeamount 1,500 per
    # billingperiod 3 -> 500 a month. Invoice 501 line CONTRACT 1,500 from Jan 1 to Mar 31
    # (90 days): Jan 516.67, Feb 466.67, Mar 516.66. Invoice 502: LABOUR 180 for Feb 1-28;
    # HARDWARE 220 (unit_cost 150) and DOMAIN-RENEWAL 15 (unknown item -> other) on Mar 1.
    # Actions (who_agentid, client through the ticket): Jan 2 h (agent 2, 50/h, billable),
    # Feb 1.5 h all nonbilltime (agent 3, 45/h), Mar 0.5 h (agent 2, billable).
    assert _margin(warehouse, "HALO1") == [
        (JAN, "hybrid", d("516.67"), 2.0, 2.0, d("100.00"), d("0.00")),
        (FEB, "hybrid", d("646.67"), 1.5, 0.0, d("67.50"), d("0.00")),
        (MAR, "hybrid", d("751.66"), 0.5, 0.5, d("25.00"), d("150.00")),
    ]
    assert _rows(
        warehouse,
        "select monthly_fee, covered_device_types, hourly_rate from intermediate.int_agreements"
        " where agreement_id = '301'",
    ) == [(d("500.00"), "server|network", d("120.00"))]


def test_halopsa_tickets_merges_and_sla_verdicts(warehouse):
    # SLA 7: priority 1 respond 30 m / fix 4 h; priority 3 respond 2 h / fix 1 d. Times are UTC.
    # 2001: 20 min met, 5 h breached. 2002 "Printer Fault" (unknown type -> incident), source
    # "Walk-in" (select field's display, unknown -> none): 90 min met, 25 h breached.
    # 2003 merged_into_id 2002: no verdict, not counted. 2004 open 27 h at the as-of: breached.
    assert _tickets(warehouse, "HALO1") == [
        ("2001", "incident", "phone", "P1", "hybrid", True, False),
        ("2002", "incident", None, "P3", "hybrid", True, False),
        ("2003", "incident", None, "P3", "hybrid", None, None),
        ("2004", "incident", "email", "P3", "hybrid", True, False),
    ]
    assert _sla(warehouse, "HALO1") == [
        (JAN, 1, 1, 0, 0, 1),
        (FEB, 1, 1, 0, 0, 1),
        (MAR, 1, 1, 0, 0, 1),
    ]
    assert _rows(
        warehouse,
        "select merged_into_ticket_id from intermediate.int_tickets where ticket_id = '2003'",
    ) == [("2002",)]


def test_unknown_values_are_listed_and_unmatched_records_kept_aside(warehouse):
    unmapped = _rows(
        warehouse,
        "select source_system, field, vendor_value, records, example_record_id"
        " from quality.unmapped_vendor_values order by 1, 2, 3",
    )
    assert unmapped == [
        ("autotask", "work_type", "Backup Restore", 1, "45103"),
        ("connectwise", "priority", "Urgent", 1, "70003"),
        ("connectwise", "source", "Chat", 1, "70002"),
        ("connectwise", "ticket_type", "Hardware", 1, "70002"),
        ("connectwise", "work_type", "Travel", 1, "80002"),
        ("halopsa", "line_type", "DOMAIN-RENEWAL", 1, "502"),
        ("halopsa", "source", "Walk-in", 1, "2002"),
        ("halopsa", "status", "Awaiting Parts", 1, "2004"),
        ("halopsa", "ticket_type", "Printer Fault", 2, "2002"),
        ("halopsa", "work_type", "Phone Call", 1, "90003"),
    ]
    assert _rows(
        warehouse,
        "select source_system, entity, record_id from quality.unmatched_vendor_records order by 1",
    ) == [("connectwise", "tickets", "70099"), ("halopsa", "tickets", "2099")]
    # Records mapped cleanly, counted by hand from the fixtures (agreements + tickets + time
    # entries, and HaloPSA invoice lines; a record is clean when the seed knows all its values):
    # ConnectWise 1 + 3 (70001, 70004, 70005) + 2 (80001, 80003) of 9 staged and 1 without client;
    # Autotask 2 + 3 + 2 (45103's "Backup Restore" is unknown) of 8; HaloPSA 1 + 1 (2001) + 2 + 3
    # of 12 staged and 1 without client.
    assert _rows(
        warehouse,
        "select source_system, records, records_mapped_cleanly, records_without_client"
        " from quality.vendor_mapping_coverage order by 1",
    ) == [("autotask", 8, 7, 0), ("connectwise", 10, 6, 1), ("halopsa", 13, 7, 1)]
    # The int_ unions leave the vendors' own values behind.
    assert not [
        name
        for (name,) in _rows(warehouse, "select column_name from (describe intermediate.int_tickets)")
        if name.startswith("_vendor_")
    ]
    summary = "\n".join(vendor_mapping_lines(warehouse))
    assert "vendor values, connectwise:" in summary
    assert "unmapped connectwise ticket_type 'Hardware': 1 records, given the default 'incident'" in summary
    assert "unmapped halopsa line_type 'DOMAIN-RENEWAL'" in summary
    assert "1 without a client (see quality.unmatched_vendor_records)" in summary
