"""A warehouse built before the which-model-pays marts existed: the page says so, the portfolio
report leaves its section out, and neither fails."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.dashboard.pages import model_pays as page
from pipelines.dashboard.sample_marts import write_sample_marts
from pipelines.reports.model_pays import load_model_pays

pytestmark = pytest.mark.unit


def test_page_and_report_section_without_the_marts(tmp_path):
    warehouse = write_sample_marts(tmp_path / "warehouse.duckdb", clients=3, months=3)
    assert "built before these marts existed" in str(page.layout(warehouse))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert load_model_pays(con, con.execute("select current_date").fetchall()[0][0]) == {}
