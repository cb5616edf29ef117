"""Vendor values through seeds/vendor_value_map.csv: a tenant's own board types, sources,
priorities, statuses and work types never fail a build; unknown ones take the field's default,
are counted in quality.unmapped_vendor_values and named in the build summary; an
edit of the seed takes effect at the next build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.vendors.mapping_report import vendor_mapping_lines
from pipelines.settings import DBT_PROJECT_DIR, env_overrides
from tests.vendors.portfolios import Staging, generate, ingest_into

pytestmark = pytest.mark.build

COMPANY = {"id": 250, "identifier": "X"}  # the generator's first ConnectWise company
# Two tickets of a tenant whose boards use their own names: "Hardware" (a board type the seed
# does not know), "Chat" (source), "Urgent" (priority), "Awaiting Parts" (status); the second
# uses the stock names, blank-padded and in another case, which the seed matches.
TICKETS = [
    {"id": 99001, "summary": "Laptop screen", "company": COMPANY,
     "board": {"id": 7, "name": "Hardware Desk"}, "type": {"id": 70, "name": "Hardware"},
     "source": {"id": 9, "name": "Chat"}, "priority": {"id": 11, "name": "Urgent"},
     "status": {"id": 99, "name": "Awaiting Parts"},
     "_info": {"dateEntered": "2025-01-06T13:35:25Z"}},
    {"id": 99002, "summary": "New starter", "company": COMPANY,
     "type": {"id": 2, "name": "  service   REQUEST "}, "source": {"id": 2, "name": "EMAIL"},
     "priority": {"id": 4, "name": "priority 2 - quick response"},
     "status": {"id": 1, "name": "New"}, "_info": {"dateEntered": "2025-01-07T09:00:00Z"}},
]  # fmt: skip
TIME_ENTRY = {
    "id": 599001, "company": COMPANY, "member": {"identifier": "T001"},
    "timeStart": "2025-01-06T14:00:00Z", "actualHours": 1.5, "billableOption": "Billable",
    "workType": {"id": 12, "name": "Travel"}, "chargeToId": 99001, "chargeToType": "ServiceTicket",
}  # fmt: skip


def _tenant_landing(root: Path) -> Path:
    landing = generate(root / "landing", "connectwise")
    company_map = (landing / "connectwise" / "client_map.csv").read_text().splitlines()
    assert company_map[1].startswith("250,"), "the generator's first company id moved"
    (landing / "connectwise" / "tickets_tenant.json").write_text(json.dumps(TICKETS))
    (landing / "connectwise" / "time_entries_tenant.json").write_text(json.dumps([TIME_ENTRY]))
    return landing


@pytest.fixture(scope="module")
def tenant_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("tenant_values")
    landing = _tenant_landing(root)
    summary = ingest_into(landing, root / "warehouse.duckdb")
    assert {f.status for f in summary.files} == {"loaded"}, summary.files
    statuses = Staging(root / "dbt").build(root / "warehouse.duckdb")
    return root / "warehouse.duckdb", statuses


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_unknown_values_take_the_default_and_known_ones_match_whatever_their_case(tenant_build):
    warehouse, statuses = tenant_build
    tickets = _rows(
        warehouse,
        "select ticket_id, ticket_type, source, priority, status from staging.stg_connectwise__tickets"
        " where ticket_id in ('99001', '99002') order by 1",
    )
    assert tickets == [
        # defaults: incident, no source, P3, the vendor's own status (lower case)
        ("99001", "incident", None, "P3", "awaiting parts"),
        ("99002", "request", "email", "P2", "new"),
    ]
    assert _rows(
        warehouse,
        "select work_type from staging.stg_connectwise__time_entries where time_entry_id = '599001'",
    ) == [("reactive",)]
    # Only the warning test complains; every other test (the seeds' included) passes.
    assert statuses["vendor_values_are_all_mapped"] == "warn"
    failing = {name: s for name, s in statuses.items() if s not in ("success", "pass")}
    assert failing == {"vendor_values_are_all_mapped": "warn"}


def test_unknown_values_are_counted_with_an_example(tenant_build):
    warehouse, _ = tenant_build
    assert _rows(
        warehouse,
        "select source_system, field, vendor_value, records, example_record_id, example_source_file,"
        " default_value_used from quality.unmapped_vendor_values order by field",
    ) == [
        ("connectwise", "priority", "Urgent", 1, "99001", "connectwise/tickets_tenant.json", "P3"),
        ("connectwise", "source", "Chat", 1, "99001", "connectwise/tickets_tenant.json", None),
        ("connectwise", "status", "Awaiting Parts", 1, "99001", "connectwise/tickets_tenant.json",
         "awaiting parts"),
        ("connectwise", "ticket_type", "Hardware", 1, "99001", "connectwise/tickets_tenant.json",
         "incident"),
        ("connectwise", "work_type", "Travel", 1, "599001", "connectwise/time_entries_tenant.json",
         "reactive"),
    ]  # fmt: skip
    # Coverage: every staged record but the two carrying unknown values was mapped cleanly.
    ((source, records, clean, without_client),) = _rows(
        warehouse,
        "select source_system, records, records_mapped_cleanly, records_without_client"
        " from quality.vendor_mapping_coverage",
    )
    (staged,) = _rows(
        warehouse,
        "select (select count(*) from staging.stg_connectwise__tickets)"
        " + (select count(*) from staging.stg_connectwise__time_entries)"
        " + (select count(*) from staging.stg_connectwise__agreements)",
    )[0]
    assert (source, records, clean, without_client) == ("connectwise", staged, staged - 2, 0)


def test_the_build_summary_names_the_unknown_values(tenant_build):
    warehouse, _ = tenant_build
    lines = vendor_mapping_lines(warehouse)
    assert lines[0].startswith("  vendor values, connectwise: ")
    assert "records mapped cleanly" in lines[0]
    text = "\n".join(lines)
    assert "unmapped connectwise ticket_type 'Hardware': 1 records, given the default 'incident'" in text
    assert "(e.g. tickets 99001 in connectwise/tickets_tenant.json)" in text
    assert "unmapped connectwise source 'Chat': 1 records, given no value" in text
    assert "unmapped connectwise work_type 'Travel'" in text
    assert "dbt_project/seeds/vendor_value_map.csv" in text


def test_no_vendor_files_no_summary_lines(tmp_path):
    assert vendor_mapping_lines(tmp_path / "missing.duckdb") == []


def test_an_edited_seed_takes_effect_at_the_next_build(tenant_build, tmp_path):
    """The MSP adds "Hardware -> problem" to its copy of the project's seed and builds again."""
    warehouse, _ = tenant_build
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    with open(project / "seeds" / "vendor_value_map.csv", "a", encoding="utf-8") as seed:
        seed.write("connectwise,ticket_type,HARDWARE ,problem\n")
    rebuilt = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, rebuilt)
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    dirs = ["--project-dir", str(project), "--profiles-dir", str(project), "--quiet"]
    env = {"MSP_WAREHOUSE": str(rebuilt), "DBT_TARGET_PATH": str(tmp_path / "target"),
           "DBT_LOG_PATH": str(tmp_path / "logs"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}  # fmt: skip
    with env_overrides(**env):
        result = dbtRunner().invoke(
            ["build", *dirs, "--select", "resource_type:seed", "path:models/staging",
             "path:models/quality", "--exclude", "resource_type:unit_test"]
        )  # fmt: skip
    DuckDBConnectionManager.close_all_connections()
    assert result.success or result.result is not None, result.exception
    assert _rows(
        rebuilt, "select ticket_type from staging.stg_connectwise__tickets where ticket_id = '99001'"
    ) == [("problem",)]
    assert ("ticket_type", "Hardware") not in _rows(
        rebuilt, "select field, vendor_value from quality.unmapped_vendor_values"
    )
