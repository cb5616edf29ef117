"""Every dashboard page in a real browser: known figures from the marts, filters that change them.

Known figures come from the sample marts' hand-set clients: C0001 Harbour Dental (managed,
revenue 2000.00 and cost 2500.00 every month, 40 labour hours) and C0002 Kestrel Logistics
(break-fix for 2024, managed from January 2025; downtime 600 then 120 minutes a month).
The sample runs from January 2024 to December 2025.
"""

from __future__ import annotations

import re

import duckdb
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def text_of(locator) -> str:
    """Screen text with d3's typographic minus turned back into '-'."""
    return locator.inner_text().replace("\u2212", "-").strip()


def cell(page, table_id: str, client_id: str, column: str):
    row = page.locator(f"#{table_id} tr").filter(
        has=page.locator("td[data-dash-column=client_id]", has_text=client_id)
    )
    return row.locator(f"td[data-dash-column={column}]")


def rows(page, table_id: str) -> list[str]:
    return [text_of(c) for c in page.locator(f"#{table_id} td[data-dash-column=client_id]").all()]


def portfolio_revenue(warehouse, first_month: str) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        total = con.execute(
            "select sum(revenue) from marts.fct_client_margin_monthly where month >= ?",
            [first_month],
        ).fetchall()[0][0]
    return f"{total:,.2f}"


def test_overview_shows_portfolio_revenue_and_period_changes_it(
    page, dashboard_url, dashboard_warehouse, screenshots
):
    page.goto(dashboard_url + "/")
    revenue = page.locator("#overview-revenue")
    expected_all = portfolio_revenue(dashboard_warehouse, "2024-01-01")
    expect(revenue).to_have_text(expected_all)
    page.wait_for_selector("#overview-chart-gross_margin_pct .main-svg")  # the margin % chart
    page.screenshot(path=screenshots / "overview.png", full_page=True)

    page.get_by_label("Last 3 months").check()
    expected_q4 = portfolio_revenue(dashboard_warehouse, "2025-10-01")
    assert expected_q4 != expected_all
    expect(revenue).to_have_text(expected_q4)


def test_client_profitability_highlights_losing_client_and_filters(
    page, dashboard_url, screenshots
):
    page.goto(dashboard_url + "/clients")
    margin = cell(page, "clients-profitability", "C0001", "gross_margin")
    # Default period: the last 12 months, 12 x -500.00.
    assert text_of(margin) == "-6,000.00"
    assert text_of(cell(page, "clients-profitability", "C0001", "revenue")) == "24,000.00"
    assert text_of(cell(page, "clients-profitability", "C0001", "effective_hourly_rate")) == "50.00"
    assert text_of(cell(page, "clients-profitability", "C0001", "gross_margin_pct")) == "-25.0%"
    assert margin.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(253, 226, 225)"
    profitable = cell(page, "clients-profitability", "C0002", "gross_margin")
    assert profitable.evaluate("td => getComputedStyle(td).backgroundColor") != "rgb(253, 226, 225)"
    # Losing clients sort first.
    assert rows(page, "clients-profitability")[0] == "C0001"
    page.screenshot(path=screenshots / "clients.png", full_page=True)

    page.get_by_label("All months").check()
    expect(margin).to_have_text(re.compile("^[-\u2212]12,000.00$"))
    page.get_by_label("Break-fix").check()
    expect(page.locator("#clients-profitability")).not_to_contain_text("Harbour Dental")
    # Kestrel Logistics was break-fix for its first 12 months.
    assert text_of(cell(page, "clients-profitability", "C0002", "months")) == "12"
    assert all(
        text_of(c) == "break_fix"
        for c in page.locator("#clients-profitability td[data-dash-column=support_model]").all()
    )


def test_downtime_page_compares_models(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/downtime")
    # Kestrel Logistics: break-fix only before 2025, so first the model, then all months.
    page.get_by_label("Break-fix").check()
    expect(page.locator("#downtime-clients")).not_to_contain_text("Kestrel")
    page.get_by_label("All months").check()
    expect(cell(page, "downtime-clients", "C0002", "support_model")).to_have_text("break_fix")
    expect(cell(page, "downtime-clients", "C0002", "downtime_minutes_per_month")).to_have_text(
        "600.0"
    )
    page.screenshot(path=screenshots / "downtime.png", full_page=True)

    page.get_by_label("Managed").check()
    expect(cell(page, "downtime-clients", "C0002", "support_model")).to_have_text("managed")
    expect(cell(page, "downtime-clients", "C0002", "downtime_minutes_per_month")).to_have_text(
        "120.0"
    )
    page.wait_for_selector("#downtime-recurring .main-svg")


def test_transitions_page_shows_before_and_after(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/transitions")
    assert (
        text_of(cell(page, "transitions-clients", "C0002", "downtime_minutes_per_month_before"))
        == "600.0"
    )
    assert (
        text_of(cell(page, "transitions-clients", "C0002", "downtime_minutes_per_month_after"))
        == "120.0"
    )
    assert text_of(cell(page, "transitions-clients", "C0002", "months_compared")) == "6"
    assert text_of(cell(page, "transitions-clients", "C0002", "changed_on")) == "2025-01-01"
    page.screenshot(path=screenshots / "transitions.png", full_page=True)

    page.get_by_label("To hybrid").check()  # the sample has no moves to hybrid
    expect(page.locator("#transitions-summary")).to_have_text("No moves of this kind.")
    assert rows(page, "transitions-clients") == []


def test_client_drill_down_shows_flags_and_follows_the_picker(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/client?client_id=C0001")
    assert text_of(page.locator("#client-name")) == "Harbour Dental (C0001)"
    assert text_of(page.locator("#client-margin")) == "-12,000.00"
    assert "managed client losing money" in text_of(page.locator("#client-flag-list"))
    page.wait_for_selector("#client-health-chart .main-svg")
    page.screenshot(path=screenshots / "client.png", full_page=True)

    page.locator("#client-id").click()  # Dash 4's dropdown: a button opening a searchable list
    page.locator(".dash-dropdown-search").fill("Kestrel")
    page.get_by_role("option", name="Kestrel Logistics (C0002)").click()
    expect(page.locator("#client-name")).to_have_text("Kestrel Logistics (C0002)")
    assert text_of(page.locator("#client-model")) == "managed"
