"""The dashboard cannot write, and what a user types is data, never SQL."""

from __future__ import annotations

import hashlib

import duckdb
import pytest
from playwright.sync_api import expect

from pipelines.dashboard import queries

INJECTION = "x' OR 1=1; DROP TABLE marts.dim_clients; --"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dashboard_connection_refuses_writes(dashboard_warehouse):
    before = digest(dashboard_warehouse)
    with queries.read_only(dashboard_warehouse) as con:
        for statement in (
            "drop table marts.dim_clients",
            "update marts.fct_client_margin_monthly set revenue = 0",
            "create table marts.scratch as select 1 as x",
        ):
            with pytest.raises(duckdb.InvalidInputException, match="read-only"):
                con.execute(statement)
    assert digest(dashboard_warehouse) == before


def test_search_text_is_bound_not_spliced(dashboard_warehouse):
    with queries.read_only(dashboard_warehouse) as con:
        first, last = queries.period_bounds(con, "all")
        assert queries.client_profitability(con, first, last, None, INJECTION).empty
        # LIKE wildcards typed by a user match literally.
        assert queries.client_profitability(con, first, last, None, "%").empty
        assert queries.client_profitability(con, first, last, None, "_").empty
        found = queries.client_profitability(con, first, last, None, "harbour")
        assert found["client_id"].tolist() == ["C0001"]
        # A support model that is not one still only filters.
        assert queries.client_profitability(con, first, last, "managed' or '1'='1", "").empty
        assert con.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]


@pytest.mark.browser
def test_injection_typed_into_the_dashboard_does_nothing(page, dashboard_url, dashboard_warehouse):
    before = digest(dashboard_warehouse)
    page.goto(dashboard_url + "/clients")
    summary = page.locator("#clients-summary")
    expect(summary).to_contain_text("12 clients")

    search = page.locator("#clients-search")
    search.fill(INJECTION)
    search.press("Enter")
    expect(summary).to_contain_text("0 clients, 0 losing money")

    search.fill("Harbour")
    search.press("Enter")
    expect(summary).to_contain_text("1 clients, 1 losing money")
    with duckdb.connect(str(dashboard_warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]
    assert digest(dashboard_warehouse) == before
