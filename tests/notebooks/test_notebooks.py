"""The analysts' notebooks run top to bottom on a published warehouse and show the right numbers."""

from __future__ import annotations

import os
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import duckdb
import nbformat
import pytest
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

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


@contextmanager
def kernel_on(data_dir: Path):
    """One kernel for several notebooks (start-up is most of a notebook's run time)."""
    kernel = KernelManager(kernel_name="python3")
    kernel.start_kernel(env={**os.environ, "MSP_DATA_DIR": str(data_dir)}, cwd=str(NOTEBOOKS))
    try:
        yield kernel
    finally:
        kernel.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel(data_dir):
    with kernel_on(data_dir) as started:
        yield started


def run_notebook(name: str, kernel: KernelManager) -> str:
    """Execute a notebook top to bottom in a cleared namespace; return all its text output."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    notebook.cells.insert(0, new_code_cell("%reset -f"))  # as if the kernel were fresh
    NotebookClient(notebook, km=kernel, timeout=120).execute()
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


@pytest.mark.unit
def test_notebooks_are_stored_without_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.unit
def test_margin_by_support_model(data_dir, kernel):
    output = run_notebook("01_margin_by_support_model.ipynb", kernel)
    published = load_settings(data_dir=data_dir).published_warehouse
    with duckdb.connect(str(published), read_only=True) as con:
        managed_margin = con.execute(
            "select sum(gross_margin) from marts.fct_client_margin_monthly where support_model = ?",
            ["managed"],
        ).fetchall()[0][0]
    assert f"{managed_margin}" in output  # printed as the decimal it is
    assert "Harbour Dental" in output  # the sample's managed client that loses money
    assert str(published) in output


@pytest.mark.unit
def test_client_deep_dive_picks_the_worst_client(kernel):
    output = run_notebook("02_client_deep_dive.ipynb", kernel)
    assert "Harbour Dental (C0001): gross margin over 24 months: -12,000.00" in output
    assert "managed_losing_money" in output  # the latest week's flag


@pytest.mark.unit
def test_managed_services_and_downtime(data_dir, kernel):
    output = run_notebook("03_managed_services_and_downtime.ipynb", kernel)
    published = load_settings(data_dir=data_dir).published_warehouse
    with duckdb.connect(str(published), read_only=True) as con:
        moves, fell = con.execute(
            "select count(*), count(*) filter (where downtime_minutes_per_month_after < downtime_minutes_per_month_before) "
            "from marts.fct_support_model_transitions where to_model = ?",
            ["managed"],
        ).fetchall()[0]
    assert moves >= 2
    assert f"downtime fell for {fell} of {moves} clients moved to managed" in output


@pytest.fixture(scope="module")
def real_build_kernel(built_portfolio):
    with kernel_on(built_portfolio.data_dir) as started:
        yield started


@pytest.mark.build
@pytest.mark.parametrize(
    "name",
    [
        "01_margin_by_support_model.ipynb",
        "02_client_deep_dive.ipynb",
        "03_managed_services_and_downtime.ipynb",
    ],
)
def test_notebooks_run_on_a_real_build(built_portfolio, real_build_kernel, name):
    output = run_notebook(name, real_build_kernel)
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
