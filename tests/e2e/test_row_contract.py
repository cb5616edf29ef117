"""The row_contract data test (dbt_project/tests/generic/row_contract.sql) catches what the
per-column unique / not_null tests it replaced caught: a duplicated key and a NULL in a required
column.

A small portfolio's marts pass; then one fct_tickets row is copied (a duplicate ticket_id) and one
dim_clients.client_name is set to NULL, and each model's row_contract fails with one failing key.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.generate import generate_portfolio
from tests.fastbuild import build_marts, run_dbt

pytestmark = pytest.mark.build

MODELS = ("fct_tickets", "dim_clients")


def _row_contract_results(warehouse: Path, run_dir: Path) -> tuple[int, dict[str, dict]]:
    """Run `dbt test` on MODELS; return dbt's exit code and each model's row_contract result.
    Both runs share run_dir, so the second reuses dbt's parse state."""
    target = run_dir / "target"
    done = run_dbt(
        ["test", "--select", *MODELS, "--exclude-resource-type", "unit_test"], warehouse, run_dir
    )
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    results = {}
    for result in json.loads((target / "run_results.json").read_text())["results"]:
        node = nodes[result["unique_id"]]
        if (node.get("test_metadata") or {}).get("name") == "row_contract":
            results[node["attached_node"].split(".")[-1]] = result
    assert set(results) == set(MODELS), (sorted(results), done.stdout[-3000:])
    return done.returncode, results


def test_row_contract_fails_on_duplicate_key_and_null(tmp_path):
    landing = tmp_path / "landing"
    generate_portfolio(landing, clients=4, months=3, seed=5)
    warehouse = build_marts(landing, tmp_path / "build")

    code, clean = _row_contract_results(warehouse, tmp_path / "dbt")
    assert code == 0
    assert {model: (r["status"], r["failures"]) for model, r in clean.items()} == {
        "fct_tickets": ("pass", 0), "dim_clients": ("pass", 0)}

    with duckdb.connect(str(warehouse)) as con:
        con.execute(
            "insert into marts.fct_tickets"
            " select * from marts.fct_tickets order by ticket_id limit 1"
        )
        (client_id,) = con.execute("select min(client_id) from marts.dim_clients").fetchone()
        con.execute(
            "update marts.dim_clients set client_name = null where client_id = ?", [client_id]
        )

    code, broken = _row_contract_results(warehouse, tmp_path / "dbt")
    assert code != 0
    assert {model: (r["status"], r["failures"]) for model, r in broken.items()} == {
        "fct_tickets": ("fail", 1), "dim_clients": ("fail", 1)}

    # The failing rows name the key and the problem.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tickets = con.execute(broken["fct_tickets"]["compiled_code"]).fetchall()
        clients = con.execute(broken["dim_clients"]["compiled_code"]).fetchall()
    assert [(rows, problem) for _, rows, problem in tickets] == [(2, "duplicate key")]
    assert clients == [(client_id, 1, "client_name is null")]
