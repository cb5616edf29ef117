"""Every dashboard page in a real browser: figures from the marts, the as-of banner, links.

Known figures come from the sample marts' hand-set clients (pipelines/dashboard/sample_marts.py):
C0001 Harbour Dental (managed, revenue 2000.00 and cost 2500.00 every month, 40 labour hours),
C0002 Kestrel Logistics (break-fix for 2024, managed from January 2025; downtime 600 then 120
minutes a month), C0003 Oakfield Legal (health falls in the last complete week), C0004 (its
agreement ends 60 days after the as-of date). The sample runs from January 2024 to December
2025; the data ends on 12 December 2025 at 14:00, so December runs "to date", the last
complete week is 2025-W49 (1 to 7 December) and the last 12 complete months are December
2024 to November 2025.
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


def amount(text: str) -> re.Pattern:
    """An amount as the table shows it: d3 writes a typographic minus."""
    return re.compile("^" + re.escape(text).replace("\\-", "[-\u2212]") + "$")


def click_centre(page, locator) -> None:
    """A real mouse click (chart labels sit under plotly's drag layer for Playwright's checks)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def svg_text(locator) -> str:
    """Text of a chart's SVG element (SVG has no inner text)."""
    return (locator.text_content() or "").replace("\u2212", "-").strip()


def cell(page, table_id: str, key: str, column: str, key_column: str = "client_id"):
    row = page.locator(f"#{table_id} tr").filter(
        has=page.locator(f"td[data-dash-column={key_column}]", has_text=re.compile(f"^{key}$"))
    )
    return row.locator(f"td[data-dash-column={column}]")


def rows(page, table_id: str) -> list[str]:
    return [text_of(c) for c in page.locator(f"#{table_id} td[data-dash-column=client_id]").all()]


def dollars(value: float) -> str:
    return f"-${-value:,.2f}" if value < 0 else f"${value:,.2f}"


def marts(warehouse, sql: str, params=()):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_banner_says_as_of_when_on_every_page(page, dashboard_url):
    for path in ("/", "/clients", "/downtime", "/transitions", "/client?client_id=C0001"):
        page.goto(dashboard_url + path)
        expect(page.locator("#as-of-time")).to_have_text("12 Dec 2025, 14:00 UTC")
        newest = text_of(page.locator("#as-of-newest"))
        # The newest monitoring event, ticket and time entry, as the sample wrote them.
        assert "monitoring event 12 Dec 2025, 13:50 UTC" in newest
        assert "ticket 12 Dec 2025, 14:00 UTC" in newest
        assert "time entry 12 Dec 2025, 13:53 UTC" in newest
        assert text_of(page.locator("#as-of-build")) == "Last build 2 Jan 2026, 08:30 UTC."
        running = text_of(page.locator("#as-of-running"))
        assert "December 2025 is shown to date (to 12 Dec 2025)" in running
        assert '"this week" is 2025-W49 (1 Dec 2025 to 7 Dec 2025)' in running


def test_overview_summary_per_model_equals_the_marts(
    page, dashboard_url, dashboard_warehouse, screenshots
):
    page.goto(dashboard_url + "/")
    expect(page.locator("#overview-summary-title")).to_contain_text(
        "Dec 2024 to Nov 2025, complete months only. Target gross margin 35.0%"
    )
    expected = marts(
        dashboard_warehouse,
        "select support_model, count(distinct client_id), sum(revenue), sum(total_cost),"
        " sum(gross_margin), 100 * sum(gross_margin) / sum(revenue),"
        " sum(revenue - parts_cost) / sum(labor_hours)"
        " from marts.fct_client_margin_monthly where month between '2024-12-01' and '2025-11-01'"
        " group by all",
    )
    words = {"managed": "Managed", "hybrid": "Hybrid", "break_fix": "Break-fix"}
    for model, clients, revenue, cost, margin, margin_pct, rate in expected:
        key = words[model]
        expect(cell(page, "overview-models", key, "revenue", "model")).to_have_text(
            amount(dollars(float(revenue)))
        )
        assert text_of(cell(page, "overview-models", key, "clients", "model")) == str(clients)
        assert text_of(cell(page, "overview-models", key, "total_cost", "model")) == dollars(
            float(cost)
        )
        assert text_of(cell(page, "overview-models", key, "gross_margin", "model")) == dollars(
            float(margin)
        )
        assert text_of(cell(page, "overview-models", key, "gross_margin_pct", "model")) == (
            f"{float(margin_pct):.1f}%"
        )
        assert text_of(cell(page, "overview-models", key, "vs_target", "model")) == (
            f"{float(margin_pct) - 35:+.1f} pts"
        )
        assert text_of(
            cell(page, "overview-models", key, "effective_hourly_rate", "model")
        ) == dollars(float(rate))
    (total,) = marts(
        dashboard_warehouse,
        "select sum(revenue) from marts.fct_client_margin_monthly"
        " where month between '2024-12-01' and '2025-11-01'",
    )[0]
    assert text_of(cell(page, "overview-models", "All models", "revenue", "model")) == dollars(
        float(total)
    )
    # The running month is apart, and not in the figures above.
    expect(page.locator("#overview-running-title")).to_have_text(
        "December 2025 to date (to 12 Dec): not a complete month"
    )
    (december,) = marts(
        dashboard_warehouse,
        "select sum(revenue) from marts.fct_client_margin_monthly where month = '2025-12-01'",
    )[0]
    assert text_of(
        cell(page, "overview-to-date-table", "All models", "revenue", "model")
    ) == dollars(float(december))
    # The target is drawn on both charts, with units on the axes.
    for chart in ("#overview-model-margin", "#overview-margin-trend"):
        expect(page.locator(f"{chart} .annotation-text")).to_have_text("target 35.0%")
        expect(page.locator(f"{chart} .ytitle")).to_have_text("Gross margin (%)")
    page.wait_for_selector("#overview-heatmap .main-svg")
    page.screenshot(path=screenshots / "overview.png", full_page=True)

    # Trend lines leave the month to date out unless asked.
    trend = page.locator("#overview-margin-trend .legendtext")
    expect(trend).to_have_count(3)
    page.get_by_label("Show the month to date in the charts").check()
    expect(page.locator("#overview-margin-trend .legendtext", has_text="(to date)")).to_have_count(
        3
    )

    page.get_by_label("Last 3 complete months").check()
    (q3,) = marts(
        dashboard_warehouse,
        "select sum(revenue) from marts.fct_client_margin_monthly"
        " where month between '2025-09-01' and '2025-11-01'",
    )[0]
    expect(cell(page, "overview-models", "All models", "revenue", "model")).to_have_text(
        amount(dollars(float(q3)))
    )


def test_monthly_ticks_and_money_axes(page, dashboard_url):
    page.goto(dashboard_url + "/downtime")
    page.get_by_label("Last 6 complete months").check()
    ticks = page.locator("#downtime-minutes .xtick text")
    expect(ticks.first).to_have_text("Jun 2025")
    assert [svg_text(t) for t in ticks.all()] == [
        "Jun 2025",
        "Jul 2025",
        "Aug 2025",
        "Sep 2025",
        "Oct 2025",
        "Nov 2025",
    ]
    expect(page.locator("#downtime-minutes .ytitle")).to_have_text(
        "Downtime (minutes per client per month)"
    )
    page.goto(dashboard_url + "/client?client_id=C0001")
    expect(page.locator("#client-monthly-chart .ytitle")).to_have_text("Gross margin (USD)")
    assert svg_text(page.locator("#client-monthly-chart .ytick text").first).startswith("$")


def test_at_risk_list_names_each_reason_and_links_to_the_client(
    page, dashboard_url, dashboard_warehouse, screenshots
):
    page.goto(dashboard_url + "/")
    listed = page.locator("#at-risk tbody tr")
    expect(listed.first).to_be_visible()
    reasons = {
        (row.get_attribute("data-client-id"), row.get_attribute("data-reason"))
        for row in listed.all()
    }
    # Each reason against the marts: health this week vs the 4 weeks before; the mart's flags.
    # Falling: the mean of 10 Nov to 1 Dec at least 15 below that of 13 Oct to 3 Nov, and
    # the week itself below the watch line of 70.
    falling = marts(
        dashboard_warehouse,
        "select client_id from marts.fct_client_health_weekly group by client_id"
        " having avg(health_score) filter (where week_start between '2025-11-10' and '2025-12-01')"
        "   <= avg(health_score) filter (where week_start between '2025-10-13' and '2025-11-03') - 15"
        " and any_value(health_score) filter (where week_start = '2025-12-01') < 70",
    )
    losing = marts(
        dashboard_warehouse,
        "select client_id from marts.fct_client_health_weekly"
        " where week_start = '2025-12-01' and is_managed_losing_money",
    )
    downtime = marts(
        dashboard_warehouse,
        "select client_id from marts.fct_client_health_weekly"
        " where week_start = '2025-12-01' and is_break_fix_downtime_over_managed_fee",
    )
    expected = (
        {(c, "health_falling") for (c,) in falling}
        | {(c, "managed_losing_money") for (c,) in losing}
        | {(c, "break_fix_downtime_over_managed_fee") for (c,) in downtime}
        | {("C0004", "agreement_ending")}
    )
    assert ("C0003", "health_falling") in expected and ("C0001", "managed_losing_money") in expected
    assert reasons == expected
    # C0005's agreement ends in 200 days; C0006's in 30, but a later one renews it.
    assert not any(
        client in ("C0005", "C0006") and why == "agreement_ending" for client, why in reasons
    )
    agreement = page.locator("#at-risk tr[data-reason=agreement_ending]")
    expect(agreement).to_contain_text("ends 10 Feb 2026, in 60 days")
    losing_row = page.locator("#at-risk tr[data-reason=managed_losing_money]")
    expect(losing_row).to_contain_text("margin -$1,500.00 over the last 3 complete months")
    page.locator("#at-risk").screenshot(path=screenshots / "overview-at-risk.png")

    losing_row.get_by_role("link", name="Harbour Dental").click()
    expect(page).to_have_url(re.compile(r"/client\?client_id=C0001$"))
    expect(page.locator("#client-name")).to_have_text("Harbour Dental (C0001)")


def test_heatmap_has_every_client_linked_worst_first(page, dashboard_url):
    page.goto(dashboard_url + "/")
    page.wait_for_selector("#overview-heatmap .main-svg")
    labels = page.locator("#overview-heatmap .ytick a")
    expect(labels).to_have_count(12)
    # C0001 loses 500 a month: the worst margin of the period, so first.
    assert svg_text(labels.first) == "Harbour Dental"
    second = labels.nth(1)
    href = second.get_attribute("xlink:href") or second.get_attribute("href")
    assert re.fullmatch(r"/client\?client_id=C\d{4}", href)
    click_centre(page, second)
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    expect(page.locator("#client-name")).not_to_be_empty()
    # A cell opens its client too: the top row is Harbour Dental's.
    page.goto(dashboard_url + "/")
    page.wait_for_selector("#overview-heatmap .main-svg")
    plot = page.locator("#overview-heatmap .nsewdrag").first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + 8)
    expect(page).to_have_url(re.compile(r"/client\?client_id=C0001$"))


def test_client_profitability_filters_as_you_type_and_links(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/clients")
    margin = cell(page, "clients-profitability", "C0001", "gross_margin")
    # Default period: the last 12 complete months, 12 x -500.00.
    expect(margin).to_have_text(amount("-$6,000.00"))
    assert text_of(cell(page, "clients-profitability", "C0001", "revenue")) == "$24,000.00"
    assert (
        text_of(cell(page, "clients-profitability", "C0001", "effective_hourly_rate")) == "$50.00"
    )
    assert text_of(cell(page, "clients-profitability", "C0001", "gross_margin_pct")) == "-25.0%"
    assert text_of(cell(page, "clients-profitability", "C0001", "support_model")) == "Managed"
    assert margin.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(253, 226, 225)"
    assert rows(page, "clients-profitability")[0] == "C0001"
    page.screenshot(path=screenshots / "clients.png", full_page=True)

    # Typing filters without Enter.
    page.locator("#clients-search").press_sequentially("Kest", delay=50)
    expect(page.locator("#clients-summary")).to_contain_text("1 clients, 0 losing money")
    page.locator("#clients-search").fill("")
    expect(page.locator("#clients-summary")).to_contain_text("12 clients")

    page.get_by_label("All complete months").check()
    expect(margin).to_have_text(amount("-$11,500.00"))  # January 2024 to November 2025: 23 months
    page.get_by_label("Break-fix").check()
    expect(page.locator("#clients-profitability")).not_to_contain_text("Harbour Dental")
    assert text_of(cell(page, "clients-profitability", "C0002", "months")) == "12"
    assert all(
        text_of(c) == "Break-fix"
        for c in page.locator("#clients-profitability td[data-dash-column=support_model]").all()
    )
    cell(page, "clients-profitability", "C0002", "client_link").get_by_role("link").click()
    expect(page.locator("#client-name")).to_have_text("Kestrel Logistics (C0002)")


def test_downtime_page_compares_models(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/downtime")
    page.get_by_label("Last 6 complete months").check()  # Kestrel is managed from 2025
    page.get_by_label("Break-fix").check()
    expect(page.locator("#downtime-clients")).not_to_contain_text("Kestrel")
    page.get_by_label("All complete months").check()
    expect(cell(page, "downtime-clients", "C0002", "support_model")).to_have_text("Break-fix")
    expect(cell(page, "downtime-clients", "C0002", "downtime_minutes_per_month")).to_have_text(
        "600.0"
    )
    page.screenshot(path=screenshots / "downtime.png", full_page=True)
    page.get_by_label("Managed").check()
    expect(cell(page, "downtime-clients", "C0002", "support_model")).to_have_text("Managed")
    expect(cell(page, "downtime-clients", "C0002", "downtime_minutes_per_month")).to_have_text(
        "120.0"
    )


def test_transitions_page_is_honest_about_few_switches(
    page, dashboard_url, dashboard_warehouse, screenshots
):
    page.goto(dashboard_url + "/transitions")
    (switches,) = marts(
        dashboard_warehouse,
        "select count(*) from marts.fct_support_model_transitions"
        " where from_model <> 'unassigned' and to_model <> 'unassigned' and months_compared > 0",
    )[0]
    assert 0 < switches < 5
    summary = page.locator("#transitions-summary")
    expect(summary).to_contain_text(f"{switches} switches")
    expect(summary).to_contain_text("Fewer than 5 switches: too few to draw a conclusion")
    verdicts = page.locator("#transitions-verdict-table")
    expect(verdicts).to_contain_text("Break-fix → Managed")
    expect(verdicts).to_contain_text("could be chance")
    # Before and after, downtime and margin, are on screen without scrolling.
    for column in (
        "downtime_minutes_per_month_before",
        "downtime_minutes_per_month_after",
        "gross_margin_pct_before",
        "gross_margin_pct_after",
    ):
        expect(cell(page, "transitions-clients", "C0002", column)).to_be_visible()
        box = cell(page, "transitions-clients", "C0002", column).bounding_box()
        assert box["x"] + box["width"] <= 1400 and box["y"] + box["height"] <= 1000, column
    assert (
        text_of(cell(page, "transitions-clients", "C0002", "downtime_minutes_per_month_before"))
        == "600.0"
    )
    assert (
        text_of(cell(page, "transitions-clients", "C0002", "downtime_minutes_per_month_after"))
        == "120.0"
    )
    assert text_of(cell(page, "transitions-clients", "C0002", "changed_on")) == "2025-01-01"
    page.screenshot(path=screenshots / "transitions.png", full_page=True)

    page.get_by_label("To hybrid").check()  # the sample has no switches to hybrid
    expect(summary).to_have_text("No switch of this kind in the data.")
    assert rows(page, "transitions-clients") == []


def test_client_page_flags_this_week_and_the_picker(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/client?client_id=C0001")
    expect(page.locator("#client-name")).to_have_text("Harbour Dental (C0001)")
    assert text_of(page.locator("#client-margin")) == "-$11,500.00"  # complete months only
    assert text_of(page.locator("#client-margin-to-date")) == "-$500.00"
    assert "managed client losing money" in text_of(page.locator("#client-flag-list"))
    page.wait_for_selector("#client-health-chart .main-svg")
    page.screenshot(path=screenshots / "client.png", full_page=True)

    page.locator("#client-id").click()  # Dash 4's dropdown: a button opening a searchable list
    page.locator(".dash-dropdown-search").press_sequentially("Kest", delay=50)
    page.get_by_role("option", name="Kestrel Logistics (C0002)").click()
    expect(page.locator("#client-name")).to_have_text("Kestrel Logistics (C0002)")
    assert text_of(page.locator("#client-model")) == "Managed"


def test_unknown_client_says_no_such_client(page, dashboard_url, screenshots):
    page.goto(dashboard_url + "/client?client_id=C9999")
    expect(page.locator("#client-unknown")).to_have_text("No such client: C9999.")
    expect(page.locator("#client-name")).to_have_count(0)
    page.screenshot(path=screenshots / "client-unknown.png", full_page=True)
    page.goto(dashboard_url + "/client")
    expect(page.locator("#client-none")).to_contain_text("Pick a client")
