"""The analysts' notebooks run top to bottom on a published warehouse and show the right numbers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import nbformat
import pytest
from nbclient import NotebookClient

from pipelines.dashboard.sample_marts import write_sample_marts
from pipelines.publish import publish_warehouse
from pipelines.settings import load_settings

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """An MSP_DATA_DIR whose published warehouse is the sample marts."""
    data = tmp_path_factory.mktemp("data")
    build = write_sample_marts(data / "warehouse.duckdb", clients=12, months=24)
    publish_warehouse(build, load_settings(data_dir=data).published_warehouse)
    return data


def run_notebook(name: str, data_dir: Path, monkeypatch) -> str:
    """Execute a notebook in a fresh kernel; return all its text output."""
    monkeypatch.setenv("MSP_DATA_DIR", str(data_dir))  # the kernel inherits the environment
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    ).execute()
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


def test_notebooks_are_stored_without_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_margin_by_support_model(data_dir, monkeypatch):
    output = run_notebook("01_margin_by_support_model.ipynb", data_dir, monkeypatch)
    published = load_settings(data_dir=data_dir).published_warehouse
    with duckdb.connect(str(published), read_only=True) as con:
        managed_margin = con.execute(
            "select sum(gross_margin) from marts.fct_client_margin_monthly where support_model = ?",
            ["managed"],
        ).fetchall()[0][0]
    assert f"{managed_margin}" in output  # printed as the decimal it is
    assert "Harbour Dental" in output  # the sample's managed client that loses money
    assert str(published) in output


def test_client_deep_dive_picks_the_worst_client(data_dir, monkeypatch):
    output = run_notebook("02_client_deep_dive.ipynb", data_dir, monkeypatch)
    assert "Harbour Dental (C0001): gross margin over 24 months: -12,000.00" in output
    assert "managed_losing_money" in output  # the latest week's flag


def test_managed_services_and_downtime(data_dir, monkeypatch):
    output = run_notebook("03_managed_services_and_downtime.ipynb", data_dir, monkeypatch)
    published = load_settings(data_dir=data_dir).published_warehouse
    with duckdb.connect(str(published), read_only=True) as con:
        moves, fell = con.execute(
            "select count(*), count(*) filter (where downtime_minutes_per_month_after < downtime_minutes_per_month_before) "
            "from marts.fct_support_model_transitions where to_model = ?",
            ["managed"],
        ).fetchall()[0]
    assert moves >= 2
    assert f"downtime fell for {fell} of {moves} clients moved to managed" in output


@pytest.mark.e2e
@pytest.mark.parametrize(
    "name",
    [
        "01_margin_by_support_model.ipynb",
        "02_client_deep_dive.ipynb",
        "03_managed_services_and_downtime.ipynb",
    ],
)
def test_notebooks_run_on_a_real_build(built_portfolio, name, monkeypatch):
    output = run_notebook(name, built_portfolio.data_dir, monkeypatch)
    assert str(built_portfolio.published) in output
    if name.startswith("02"):
        margins = {}
        for row in built_portfolio.truth["client_months"]:
            margins[row["client_id"]] = margins.get(row["client_id"], Decimal(0)) + Decimal(
                row["gross_margin"]
            )
        worst = min(sorted(margins), key=lambda client_id: margins[client_id])
        assert f"({worst}): gross margin over" in output
        assert f"{margins[worst]:,.2f}" in output
