"""Every command checks its arguments first: one line, exit code 2, no traceback, nothing done.

Run through the real console script, as a user or a script runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.dashboard.sample_marts import write_sample_marts
from pipelines.publish import publish_warehouse

pytestmark = pytest.mark.unit

CLI = str(Path(sys.executable).with_name("msp-insights"))


def run_cli(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "MSP_DATA_DIR": str(data_dir), "MSP_DBT_DOCS": "off"}
    env.pop("MSP_WAREHOUSE", None)
    env.pop("MSP_LANDING_DIR", None)
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=data_dir.parent, check=False)  # fmt: skip


def assert_one_line_refusal(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and done.stdout == "", (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and lines[0].startswith("msp-insights")
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def empty_data(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def landing(tmp_path) -> Path:
    folder = tmp_path / "landing" / "generic"
    folder.mkdir(parents=True)
    (folder / "clients.csv").write_text("client_id,client_name\nC1,One\n")
    return folder.parent


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["report", "--week", "2026-13"], ["--week", "2024-W09", "2026-13"]),
        (["report", "--week", "2026-W1"], ["--week", "2026-W1"]),
        (["report", "--week", "2026-W54"], ["--week", "not an ISO week"]),
        (["build", "--week", "2025-W53"], ["--week", "not an ISO week"]),  # 2025 has 52 weeks
        (["build", "--as-of", "yesterday"], ["--as-of", "ISO-8601"]),
        (["generate", "--out", "x", "--clients", "0"], ["--clients", "at least 1"]),
        (["generate", "--out", "x", "--format", "bogus"], ["--format", "one of generic"]),
        (["generate", "--out", "/proc/version/landing"], ["--out", "cannot write there"]),
        (["dashboard", "--port", "70000"], ["--port", "1-65535"]),
        (["nonsense"], ["invalid choice"]),
        ([], ["command"]),
    ],
)
def test_malformed_arguments_are_one_line_and_exit_2(empty_data, args, words):
    assert_one_line_refusal(run_cli(*args, data_dir=empty_data), *words)
    assert not empty_data.exists()  # nothing was done


def test_missing_landing_folder_is_refused_before_any_work(empty_data, tmp_path):
    started = time.perf_counter()
    done = run_cli("build", "--landing", str(tmp_path / "nowhere"), data_dir=empty_data)
    assert_one_line_refusal(done, "--landing", "does not exist")
    assert time.perf_counter() - started < 15  # no build ran (it used to take 26 s)
    assert not empty_data.exists()  # and no published copy is claimed or made


def test_empty_landing_folder_is_refused(empty_data, tmp_path):
    (tmp_path / "bare" / "generic").mkdir(parents=True)
    done = run_cli("build", "--landing", str(tmp_path / "bare"), data_dir=empty_data)
    assert_one_line_refusal(done, "holds no export files")


def test_a_file_that_is_not_a_warehouse_is_refused(empty_data, landing, tmp_path):
    broken = tmp_path / "warehouse.duckdb"
    broken.write_bytes(b"x\n")  # what `copy (select 'x') to 'warehouse.duckdb'` left behind
    done = run_cli("build", "--landing", str(landing), "--warehouse", str(broken), data_dir=empty_data)
    assert_one_line_refusal(done, "--warehouse", "is not a DuckDB database", "2 bytes")


@pytest.mark.parametrize("command", [["report"], ["dashboard"], ["sql", "select 1"]])
def test_readers_without_a_published_warehouse_say_to_build(empty_data, command):
    done = run_cli(*command, data_dir=empty_data)
    assert_one_line_refusal(done, "published warehouse", "does not exist", "msp-insights build")


def test_readers_refuse_a_damaged_published_warehouse(empty_data):
    published = empty_data / "published" / "warehouse.duckdb"
    published.parent.mkdir(parents=True)
    published.write_bytes(b"\0" * 4096)
    for command in (["report"], ["sql", "select 1"], ["dashboard"]):
        assert_one_line_refusal(run_cli(*command, data_dir=empty_data), "is not a DuckDB database")


def test_a_reader_with_good_arguments_works(empty_data):
    empty_data.mkdir()
    build = write_sample_marts(empty_data / "warehouse.duckdb", clients=3, months=3)
    publish_warehouse(build, empty_data / "published" / "warehouse.duckdb")
    done = run_cli("sql", "select count(*) as clients from marts.dim_clients", data_dir=empty_data)
    assert done.returncode == 0 and done.stdout.split()[:3] == ["clients", "-------", "3"]
    # a refused statement is a failure of the query (exit 1), not of the invocation
    done = run_cli("sql", "copy (select 1) to 'leak.csv'", data_dir=empty_data)
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1
    assert "refused" in done.stderr and not (empty_data.parent / "leak.csv").exists()
    # --allow-read: a missing file is a bad invocation; a real one is a table
    assert_one_line_refusal(
        run_cli("sql", "--allow-read", "nope.csv", "select 1", data_dir=empty_data),
        "--allow-read nope.csv", "no such file",
    )
    (empty_data.parent / "owners.csv").write_text("client_id,owner\nC0001,Ann\n")
    done = run_cli("sql", "--allow-read", "owners.csv", "select owner from owners", data_dir=empty_data)
    assert done.returncode == 0 and done.stdout.split()[:3] == ["owner", "-----", "Ann"]
