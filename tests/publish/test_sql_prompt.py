"""`msp-insights sql`: one query prints a table; errors and writes fail clearly; the prompt reads SQL."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from pipelines.sql_prompt import run

pytestmark = pytest.mark.unit


def run_captured(query, warehouse):
    out, err = io.StringIO(), io.StringIO()
    code = run(query, warehouse, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_one_query_prints_a_readable_table(sample_published):
    code, out, err = run_captured(
        "select client_id, client_name, sum(gross_margin) as gross_margin "
        "from marts.fct_client_margin_monthly join marts.dim_clients using (client_id) "
        "where client_id in ('C0001', 'C0002') group by all order by client_id",
        sample_published,
    )
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["client_id", "client_name", "gross_margin"]
    assert lines[2].split() == ["C0001", "Harbour", "Dental", "-12000.00"]
    assert lines[2].index("-12000.00") + len("-12000.00") == len(lines[0])  # numbers align right
    assert lines[-1] == "(2 rows)"


def test_null_and_empty_results_are_shown(sample_published):
    assert run_captured("select null as nothing", sample_published)[1].splitlines()[2] == "NULL"
    code, out, _ = run_captured("select * from marts.dim_clients where false", sample_published)
    assert code == 0 and out.strip().endswith("(0 rows)")


def test_errors_and_writes_fail_with_a_message(sample_published):
    code, out, err = run_captured("select * from marts.no_such_table", sample_published)
    assert code == 1 and out == "" and "no_such_table" in err and err.startswith("error:")

    code, _, err = run_captured("drop table marts.dim_clients", sample_published)
    assert code == 1 and "read-only" in err
    with duckdb.connect(str(sample_published), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]


def test_missing_warehouse_says_to_build(tmp_path):
    code, _, err = run_captured("select 1", tmp_path / "nope.duckdb")
    assert code == 2 and "msp-insights build" in err


def test_interactive_prompt_runs_statements_until_quit(sample_published):
    session = textwrap.dedent(
        """\
        .tables
        select count(*) as clients
        from marts.dim_clients;
        select * from nowhere;
        .quit
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", f"from pipelines.sql_prompt import run; raise SystemExit(run(None, {str(sample_published)!r}))"],
        input=session, capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "fct_support_model_transitions" in done.stdout  # from .tables
    words = " ".join(done.stdout.replace("msp> ", "").replace("...> ", "").split())
    assert "clients ------- 12 (1 row)" in words
    assert "nowhere" in done.stderr  # the error is reported and the prompt carries on
