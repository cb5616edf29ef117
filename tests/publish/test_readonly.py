"""Readers can read the published warehouse and nothing else (docs/design.md section 7).

Every opening the fault campaign found (issue 18, item 2) is tried through each reader: the SQL
prompt, the dashboard's connection, the report reader and the notebooks' helper. Each is refused
with one line, and afterwards the build warehouse, the published copy and the folder are as
they were.
"""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines import analyst, sql_prompt
from pipelines.dashboard import queries as dashboard_queries
from pipelines.local_files import LocalFileError, load_local_files
from pipelines.readonly import WarehouseMissing, connect_read_only, describe_error
from pipelines.reports import queries as report_queries

pytestmark = pytest.mark.unit

# (statement, what the one-line refusal must say)
OPENINGS = [
    ("attach 'data/warehouse.duckdb' as b (read_only false)", "files are disabled"),
    ("attach 'data/warehouse.duckdb' as b", "files are disabled"),
    ("attach 'data/elsewhere.duckdb' as b", "files are disabled"),
    ("attach 'data/published/warehouse.duckdb' as again (read_only false)", "attaching"),
    ("attach ':memory:' as scratch", "attaching"),
    ("copy (select 'x') to 'data/warehouse.duckdb' (format csv)", "files are disabled"),
    ("copy (select 'x') to 'data/published/warehouse.duckdb' (format csv)", "read-only"),
    ("copy (select 'x') to 'data/leak.csv'", "files are disabled"),
    ("copy marts.dim_clients to 'data/leak.parquet' (format parquet)", "files are disabled"),
    ("copy marts.dim_clients from '/etc/passwd'", "files are disabled"),
    ("export database 'data/export'", "files are disabled"),
    ("import database 'data'", "files are disabled"),
    ("select * from read_csv('/etc/passwd')", "files are disabled"),
    ("select * from read_csv_auto('/etc/passwd')", "files are disabled"),
    ("select * from read_text('/etc/passwd')", "files are disabled"),
    ("select * from read_blob('data/warehouse.duckdb')", "files are disabled"),
    ("select * from read_parquet('data/anything.parquet')", "files are disabled"),
    ("select * from read_json('data/anything.json')", "files are disabled"),
    ("select * from read_json_auto('/etc/hostname')", "files are disabled"),
    ("select * from glob('/etc/*')", "files are disabled"),
    ("select * from glob('data/*')", "files are disabled"),
    ("select * from sniff_csv('/etc/passwd')", "files are disabled"),
    ("select * from parquet_metadata('data/anything.parquet')", "files are disabled"),
    ("install httpfs", "files are disabled"),
    ("load httpfs", "extensions is disabled"),
    ("pragma enable_profiling", "settings are locked"),
    ("pragma enable_profiling = 'json'", "settings are locked"),
    ("set profiling_output = 'data/profile.json'", "settings are locked"),
    ("set enable_profiling = 'json'", "settings are locked"),
    ("set log_query_path = 'data/queries.log'", "settings are locked"),
    ("call enable_logging(storage = 'file', storage_path = 'data/logs')", "settings are locked"),
    ("set enable_external_access = true", "settings are locked"),
    ("reset enable_external_access", "settings are locked"),
    ("set lock_configuration = false", "settings are locked"),
    ("set allowed_directories = ['/']", "settings are locked"),
    ("set temp_directory = 'data/spill'", "settings are locked"),
    ("create secret (type s3, key_id 'k', secret 's')", "files are disabled"),
    ("drop table marts.dim_clients", "read-only"),
    ("delete from marts.dim_clients", "read-only"),
    ("create table marts.leak as select 1", "read-only"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def data_root(sample_build, sample_published, tmp_path, monkeypatch) -> Path:
    """A folder laid out as a user's: data/warehouse.duckdb (the build's) and the published copy;
    the working directory, so relative paths in the statements point at them."""
    data = tmp_path / "data"
    (data / "published").mkdir(parents=True)
    shutil.copyfile(sample_build, data / "warehouse.duckdb")
    shutil.copyfile(sample_published, data / "published" / "warehouse.duckdb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MSP_DATA_DIR", str(data))
    return tmp_path


def _state(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): _digest(p) for p in sorted(root.rglob("*")) if p.is_file()}


def test_sql_prompt_refuses_every_opening_with_one_line(data_root):
    published = data_root / "data" / "published" / "warehouse.duckdb"
    before = _state(data_root)
    for statement, reason in OPENINGS:
        out, err = io.StringIO(), io.StringIO()
        code = sql_prompt.run(statement, published, out=out, err=err)
        message = err.getvalue()
        assert code == 1 and out.getvalue() == "", statement
        assert len(message.splitlines()) == 1 and message.startswith("error: refused"), (statement, message)
        assert reason in message and "Traceback" not in message, (statement, message)
    assert _state(data_root) == before  # no file written, replaced or touched
    # and reading still works, on the same copy
    out = io.StringIO()
    assert sql_prompt.run("select count(*) as n from marts.dim_clients", published, out=out) == 0
    assert out.getvalue().splitlines()[2].strip() == "12"


@pytest.mark.parametrize(
    "opener",
    [
        pytest.param(lambda path: dashboard_queries.read_only(path), id="dashboard"),
        pytest.param(lambda path: report_queries.connect_read_only(path), id="reports"),
        pytest.param(lambda path: analyst.connect(), id="notebooks"),
    ],
)
def test_every_reader_connection_is_closed_off(data_root, opener):
    published = data_root / "data" / "published" / "warehouse.duckdb"
    before = _state(data_root)
    with opener(published) as con:
        assert con.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]
        for statement, reason in OPENINGS:
            with pytest.raises(duckdb.Error) as refused:
                con.execute(statement).fetchall()
            line = describe_error(refused.value)
            assert "\n" not in line and reason in line, (statement, line)
        # still usable after the refusals
        assert con.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]
    assert _state(data_root) == before


def test_several_statements_in_one_go_are_each_held(data_root):
    published = data_root / "data" / "published" / "warehouse.duckdb"
    build_before = _digest(data_root / "data" / "warehouse.duckdb")
    err = io.StringIO()
    code = sql_prompt.run(
        "select 1; copy (select 'x') to 'data/warehouse.duckdb' (format csv); select 2",
        published, out=io.StringIO(), err=err,
    )  # fmt: skip
    assert code == 1 and "files are disabled" in err.getvalue()
    assert _digest(data_root / "data" / "warehouse.duckdb") == build_before


def test_notebooks_helper_finds_the_data_from_any_folder(data_root, monkeypatch):
    monkeypatch.delenv("MSP_DATA_DIR")
    deep = data_root / "notebooks" / "scratch"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert analyst.published_warehouse() == data_root / "data" / "published" / "warehouse.duckdb"
    monkeypatch.setenv("MSP_DATA_DIR", "data")  # relative, as in `MSP_DATA_DIR=data jupyter lab`
    monkeypatch.chdir(data_root)
    assert analyst.data_dir() == data_root / "data"


def test_missing_warehouse_is_one_clear_error(tmp_path):
    with pytest.raises(WarehouseMissing, match="run `msp-insights build` first"):
        connect_read_only(tmp_path / "nope.duckdb")


def test_allow_read_offers_a_file_read_only(data_root):
    """--allow-read: the analyst's file is a table; its path stays out of DuckDB's reach."""
    published = data_root / "data" / "published" / "warehouse.duckdb"
    mine = data_root / "my clients.csv"
    mine.write_text("client_id,owner\nC0001,Ann\nC0002,Bob\nC9999,Nobody\n")
    before = _digest(mine)
    local = load_local_files([mine])
    assert [t.name for t in local] == ["my_clients"] and local[0].rows.num_rows == 3

    out = io.StringIO()
    code = sql_prompt.run(
        "select m.owner, c.client_name from my_clients m join marts.dim_clients c using (client_id) "
        "order by m.owner", published, out=out, local_tables=local,
    )  # fmt: skip
    assert code == 0 and out.getvalue().splitlines()[2].split()[:2] == ["Ann", "Harbour"]
    assert out.getvalue().splitlines()[-1] == "(2 rows)"
    for statement in (
        f"copy my_clients to '{mine}' (format csv)",
        f"copy (select 1) to '{data_root}/other.csv'",
        f"select * from read_csv('{mine}')",
        "drop view my_clients; select 1",
        f"attach '{mine}' as mine",
    ):
        err = io.StringIO()
        code = sql_prompt.run(statement, published, out=io.StringIO(), err=err, local_tables=local)
        assert code == 1 or "drop view" in statement, statement
    assert _digest(mine) == before and not (data_root / "other.csv").exists()

    with pytest.raises(LocalFileError, match="no such file"):
        load_local_files([data_root / "missing.csv"])
    with pytest.raises(LocalFileError, match="not a file kind"):
        load_local_files([data_root / "data" / "warehouse.duckdb"])  # never a database to attach
