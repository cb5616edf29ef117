"""Which model pays, end to end on generated portfolios: the marts equal the generator's truth,
the claims' verdicts give the known answers, the actual rows reconcile with the margin mart, and
the dashboard page and the portfolio report section show the marts' figures."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from tests.model_pays.truth import model_pays_mismatches

pytestmark = pytest.mark.build


def _one(warehouse, sql: str, params: list | None = None):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_counterfactual_and_pricing_equal_truth(clear_portfolio):
    problems = model_pays_mismatches(clear_portfolio.warehouse, clear_portfolio.truth)
    assert not problems, f"{len(problems)} differences:\n" + "\n".join(problems[:25])
    assert clear_portfolio.truth["model_pays"]["agreement_pricing"], "no agreement priced"


def test_managed_clearly_reduces_downtime_and_the_verdict_says_so(clear_portfolio):
    [(verdict, text, managed, break_fix, low, high, n_managed, n_break_fix)] = _one(
        clear_portfolio.warehouse,
        "select verdict, verdict_text, managed_value, break_fix_value, managed_minus_break_fix_low,"
        " managed_minus_break_fix_high, managed_clients, break_fix_clients"
        " from marts.fct_support_model_claims where claim_id = 'downtime'",
    )
    assert n_managed >= 5 and n_break_fix >= 5
    assert managed < break_fix / 2 and low < high < 0
    assert verdict == "holds" and text.startswith("Holds in this book of business")


def test_no_model_effect_gives_no_difference(flat_portfolio):
    [(verdict, text, low, high)] = _one(
        flat_portfolio.warehouse,
        "select verdict, verdict_text, managed_minus_break_fix_low, managed_minus_break_fix_high"
        " from marts.fct_support_model_claims where claim_id = 'downtime'",
    )
    assert verdict in ("no difference", "not enough data"), text
    if verdict == "no difference":
        assert low < 0 < high and text.startswith("No difference shown")


def test_actual_rows_are_the_margin_mart_and_the_sums_add_up(clear_portfolio):
    """Actual rows: revenue, cost and margin are fct_client_margin_monthly's; every row's IT
    cost is its four parts; the total adds the downtime cost; billing kinds add up to revenue."""
    problems = _one(
        clear_portfolio.warehouse,
        """
        select c.client_id, c.month, c.support_model
        from marts.fct_client_model_counterfactual_monthly as c
        join marts.fct_client_margin_monthly as m using (client_id, month)
        join marts.fct_client_billing_monthly as b using (client_id, month)
        where (c.basis = 'actual' and (c.msp_revenue <> m.revenue or c.msp_cost <> m.total_cost
                or c.msp_margin <> m.gross_margin or c.support_model <> m.support_model))
            or c.client_it_cost <> c.client_fee_cost + c.client_labor_cost
                + c.client_emergency_labor_cost + c.client_parts_cost
            or c.client_total_cost <> c.client_it_cost + c.estimated_downtime_cost
            or b.revenue <> m.revenue
            or abs(b.labor_hours - m.labor_hours) > 1e-9
            or b.fee_revenue + b.labor_revenue + b.emergency_labor_revenue + b.parts_revenue
                + b.project_revenue + b.credit_amount + b.other_revenue <> b.revenue
        """,
    )
    assert not problems, problems[:5]
    [(months, rows, actual)] = _one(
        clear_portfolio.warehouse,
        "select count(distinct (client_id, month)), count(*), count(*) filter (where basis = 'actual')"
        " from marts.fct_client_model_counterfactual_monthly",
    )
    assert rows == 3 * months and actual == months


def test_the_generator_bills_every_billable_hour_so_nothing_leaks(clear_portfolio):
    [(due_months, leaked, billable)] = _one(
        clear_portfolio.warehouse,
        "select count(*), sum(leakage_value), sum(billable_hours)"
        " from marts.fct_client_revenue_leakage_monthly where is_invoicing_due",
    )
    assert due_months > 0 and billable > 0 and leaked == 0


def test_dashboard_page_and_portfolio_section_show_the_marts(clear_portfolio):
    from pipelines.dashboard import queries as dashboard_queries
    from pipelines.dashboard.pages import model_pays as page
    from pipelines.reports import queries as report_queries
    from pipelines.reports import render
    from pipelines.reports.weeks import IsoWeek

    warehouse = clear_portfolio.warehouse
    with dashboard_queries.read_only(warehouse) as con:
        claims, clients = page.claims_frame(con), page.clients_frame(con)
    assert len(claims) == 13 and claims["verdict"].notna().all()
    [(expected_clients,)] = _one(
        warehouse,
        "select count(distinct client_id) from marts.fct_client_model_counterfactual_monthly"
        " where is_complete_month",
    )
    assert len(clients) == expected_clients
    totals = {"Break-fix": "break_fix", "Managed": "managed", "Hybrid": "hybrid"}
    for row in clients.to_dict("records"):
        known = [row[f"{m}_client_total_cost"] for m in totals.values()]
        known = [v for v in known if v is not None and v == v]
        if known:
            assert row[f"{totals[row['cheapest_for_client']]}_client_total_cost"] == min(known)
    assert "Which model pays" in str(page.layout(warehouse))

    [(week_start,)] = _one(warehouse, "select max(week_start) from marts.fct_client_health_weekly")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        figures = report_queries.load_week(
            con, IsoWeek.containing(week_start - dt.timedelta(days=7))
        )
    html = render.render_portfolio(figures, dt.datetime.now(dt.UTC))
    assert 'id="model-pays"' in html and html.count('class="claim"') == 13
    [(downtime_managed,)] = _one(
        warehouse,
        "select managed_value from marts.fct_support_model_claims where claim_id = 'downtime'",
    )
    assert (
        f'data-metric="claim.managed_value" data-key="downtime" data-value="{downtime_managed!r}"'
        in html
    )
