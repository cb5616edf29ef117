"""Each model's key is declared so that dbt recognises it (the manifest's `primary_key`), and the
key tests catch what they guard: a duplicated key, and a NULL in a required column.

Each key is one `unique_combination_of_columns` test (dbt_utils' name and arguments,
dbt_project/tests/generic/; unlike dbt_utils' it also fails a NULL key part), on a single column or
a composite key, and `not_null_columns` covers the other required columns. A small portfolio's
marts pass; then one fct_tickets row is copied (a duplicate ticket_id) and another copied with a
NULL ticket_id, one fct_client_margin_monthly row is copied (a duplicate client-month) and one
dim_clients.client_name is set to NULL, and each test fails with its failing rows; one dim_devices
row names a client dim_clients does not know, and the relationships test (severity error: it
blocks) fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.generate import generate_portfolio
from tests.fastbuild import build_marts, run_dbt

pytestmark = pytest.mark.build

MODELS = ("fct_tickets", "dim_clients", "fct_client_margin_monthly", "dim_devices")
# (model, test) -> the test's arguments: what each model declares.
KEY_TESTS = {
    ("fct_tickets", "unique_combination_of_columns"): "ticket_id",
    ("dim_clients", "unique_combination_of_columns"): "client_id",
    ("dim_clients", "not_null_columns"): "client_name,timezone,current_support_model,active_endpoints",
    ("fct_client_margin_monthly", "unique_combination_of_columns"): "client_id,month",
    # "Every client is known": dbt's relationships test, severity error (it blocks publish).
    ("dim_devices", "relationships"): "client_id -> dim_clients.client_id",
}


def test_every_model_has_a_key_dbt_recognises():
    manifest = json.loads(
        (Path(__file__).parents[2] / "dbt_project" / "target" / "manifest.json").read_text()
    )
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]
    assert len(models) > 90
    assert [n["name"] for n in models if not n["primary_key"]] == []
    keys = {n["name"]: n["primary_key"] for n in models}
    assert keys["fct_tickets"] == ["ticket_id"]
    assert sorted(keys["fct_client_margin_monthly"]) == ["client_id", "month"]


def _key_test_results(warehouse: Path, run_dir: Path) -> tuple[int, dict[tuple[str, str], dict]]:
    """Run `dbt test` on MODELS; return dbt's exit code and each key test's result by
    (model, test name). Both runs share run_dir, so the second reuses dbt's parse state."""
    target = run_dir / "target"
    done = run_dbt(
        ["test", "--select", *MODELS, "--exclude-resource-type", "unit_test"], warehouse, run_dir
    )
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    results = {}
    for result in json.loads((target / "run_results.json").read_text())["results"]:
        node = nodes[result["unique_id"]]
        name = (node.get("test_metadata") or {}).get("name")
        model = (node.get("attached_node") or "").split(".")[-1]
        if (model, name) in KEY_TESTS:
            results[model, name] = result
    assert set(results) == set(KEY_TESTS), (sorted(results), done.stdout[-3000:])
    return done.returncode, results


def test_key_tests_fail_on_duplicate_key_and_null(tmp_path):
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=4, months=3, seed=5)
    warehouse = build_marts(landing, tmp_path / "build")

    code, clean = _key_test_results(warehouse, tmp_path / "dbt")
    assert code == 0
    assert {key: (r["status"], r["failures"]) for key, r in clean.items()} == {
        key: ("pass", 0) for key in KEY_TESTS
    }

    with duckdb.connect(str(warehouse)) as con:
        for table, order in (("fct_tickets", "ticket_id"), ("fct_client_margin_monthly", "all")):
            con.execute(
                f"insert into marts.{table} select * from marts.{table} order by {order} limit 1"
            )
        con.execute(
            "insert into marts.fct_tickets select * replace (null as ticket_id)"
            " from marts.fct_tickets order by ticket_id desc limit 1"
        )
        (client_id,) = con.execute("select min(client_id) from marts.dim_clients").fetchone()
        con.execute(
            "update marts.dim_clients set client_name = null where client_id = ?", [client_id]
        )
        con.execute(
            "update marts.dim_devices set client_id = 'C-UNKNOWN'"
            " where device_id = (select min(device_id) from marts.dim_devices)"
        )

    code, broken = _key_test_results(warehouse, tmp_path / "dbt")
    assert code != 0
    assert {key: (r["status"], r["failures"]) for key, r in broken.items()} == {
        ("fct_tickets", "unique_combination_of_columns"): ("fail", 2),  # a duplicate, a NULL
        ("dim_clients", "unique_combination_of_columns"): ("pass", 0),
        ("dim_clients", "not_null_columns"): ("fail", 1),
        ("fct_client_margin_monthly", "unique_combination_of_columns"): ("fail", 1),
        ("dim_devices", "relationships"): ("fail", 1),  # "fail", not "warn": severity error
    }

    # The failing rows name the key and the problem.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        margin = con.execute(
            broken["fct_client_margin_monthly", "unique_combination_of_columns"]["compiled_code"]
        ).fetchall()
        tickets = con.execute(
            broken["fct_tickets", "unique_combination_of_columns"]["compiled_code"]
        ).fetchall()
        clients = con.execute(broken["dim_clients", "not_null_columns"]["compiled_code"]).fetchall()
    assert [rows for _, _, rows in margin] == [2]
    assert sorted((ticket_id is None, rows) for ticket_id, rows in tickets) == [(False, 2), (True, 1)]
    assert [problem for *_, problem in clients] == ["client_name is null"]
