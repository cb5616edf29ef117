"""The support-model case against hand-worked figures (report_fixture_warehouse.CASE_MODELS).

Week 2026-W46 ends on 15 November 2026, so the last complete month is October: the 3-month
period is August-October 2026, and the fixture's record starts in May, so the "12-month"
period is the 6 complete months May-October. November is to date and must never count.
"""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import duckdb
import pytest
from report_html import figure_map

from pipelines.reports import write_weekly_reports
from pipelines.reports.identity import MspIdentity
from pipelines.reports.support_case import build_case

WEEK = "2026-W46"


def _case(path, side: str, field: str, period: int) -> Decimal:
    return Decimal(figure_map(path)[(f"case.{side}.{field}", str(period))].value)


def _conclusion(path) -> str:
    html = path.read_text()
    return html.split('id="case-conclusion">', 1)[1].split("</p>", 1)[0].replace("&#39;", "'")


@pytest.mark.unit
def test_break_fix_client_sees_what_it_paid_and_what_managed_would_have_cost(written_reports):
    path = written_reports.client_reports["C0002"]
    # Labour 500 + 100 x month index from May: Aug-Oct = 800 + 900 + 1000; May-Oct = 4,500.
    expected = {
        ("actual", "labor"): (2700, 4500),
        ("actual", "emergency_labor"): (900, 1800),
        ("actual", "parts"): (300, 600),
        ("actual", "it_cost"): (3900, 6900),  # + emergency 300 and parts 100 a month
        ("actual", "downtime_cost"): (2700, 5400),  # 900 a month
        ("actual", "total_cost"): (6600, 12300),
        ("alternative", "fee"): (3000, 6000),  # the managed price, 1,000 a month
        ("alternative", "parts"): (300, 600),
        ("alternative", "downtime_cost"): (900, 1800),
        ("alternative", "total_cost"): (4200, 8400),
    }
    for (side, field), (three, twelve) in expected.items():
        assert _case(path, side, field, 3) == three, (side, field)
        assert _case(path, side, field, 12) == twelve, (side, field)
    assert _conclusion(path) == (
        "From August to October 2026 you paid $3,900.00 for IT support, and downtime cost your "
        "business an estimated $2,700.00: $6,600.00 in all. A managed plan would have cost about "
        "$4,200.00 for the same months, downtime included: $2,400.00 less. Over May to October "
        "2026 the difference was $3,900.00. On your own numbers, a managed plan would have cost "
        "you less."
    )
    html = path.read_text()
    assert "Last 3 complete months (August to October 2026)" in html
    assert "The 6 complete months on record (May to October 2026)" in html


@pytest.mark.unit
def test_hybrid_client_is_told_plainly_when_a_switch_does_not_pay(written_reports):
    path = written_reports.client_reports["C0003"]
    # Hybrid: fee 400 + labour 200 + parts 50 = 650 a month, downtime 100; managed: 950 + 60.
    assert (_case(path, "actual", "fee", 3), _case(path, "actual", "it_cost", 3)) == (1200, 1950)
    assert _case(path, "actual", "total_cost", 3) == 2250
    assert _case(path, "alternative", "total_cost", 3) == 3030
    assert _case(path, "alternative", "total_cost", 12) == 6060
    assert _conclusion(path) == (
        "From August to October 2026 you paid $1,950.00 for IT support, and downtime cost your "
        "business an estimated $300.00: $2,250.00 in all. A managed plan would have cost about "
        "$3,030.00 for the same months, downtime included: $780.00 more. Over May to October 2026 "
        "too, it would have cost $1,560.00 more. On these numbers hybrid support has cost you "
        "less, and we do not recommend a change on cost grounds."
    )


@pytest.mark.unit
def test_managed_clients_see_the_same_months_without_their_plan(written_reports):
    saved = written_reports.client_reports["C0001"]
    # Plan 1,500 + parts 50 a month, 30 min of downtime costing 120; without it: labour 900,
    # emergency 200, parts 50, 400 min costing 1,400.
    assert _case(saved, "actual", "total_cost", 3) == 5010
    assert _case(saved, "alternative", "total_cost", 3) == 7650
    assert _conclusion(saved) == (
        "From August to October 2026 your managed plan cost $4,650.00, and downtime (90 minutes) "
        "cost your business an estimated $360.00: $5,010.00 in all. Without the plan, paying by "
        "the hour for the same work and with the downtime we estimate you would have had (1,200 "
        "minutes), those months would have cost about $7,650.00: $2,640.00 more. The plan saved "
        "you money. Over May to October 2026, going without it would have cost $5,280.00 more."
    )
    # Plan 2,000 + 50 of downtime a month against 600 + 400 by the hour: the plan cost more.
    dearer = written_reports.client_reports["C0004"]
    conclusion = _conclusion(dearer)
    assert "$3,150.00 less than with the plan" in conclusion
    assert "On cost alone, paying by the hour would have been cheaper in these months" in conclusion


@pytest.mark.unit
def test_mixed_periods_draw_no_conclusion():
    def row(period, side, total):
        return {
            "period_months": period, "side": side, "model_in_force": "break_fix",
            "months": period, "first_month": date(2026, 13 - period if period < 12 else 1, 1)
            if period < 12 else date(2025, 11, 1), "last_month": date(2026, 10, 1),
            "fee": 0, "labor": total, "emergency_labor": 0, "parts": 0, "it_cost": total,
            "downtime_minutes": 0.0, "downtime_cost": 0, "months_with_downtime_cost": period,
            "total_cost": total,
        }  # fmt: skip

    case = build_case(
        [row(3, "actual", 900), row(3, "managed", 600), row(12, "actual", 3000),
         row(12, "managed", 3600)], MspIdentity(currency="GBP"),
    )  # fmt: skip
    assert case.favours_switch is None
    assert "£300.00 less" in case.conclusion and "£600.00 more" in case.conclusion
    assert "do not make a clear case either way" in case.conclusion


@pytest.mark.unit
def test_without_the_counterfactual_mart_the_case_is_left_out(report_warehouse, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(report_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table marts.fct_client_model_counterfactual_monthly")
    run = write_weekly_reports(copy, WEEK, tmp_path / "out", send=False)
    assert 'id="support-model"' not in run.client_reports["C0002"].read_text()
    assert "has no marts.fct_client_model_counterfactual_monthly" in (
        run.account_briefs["C0002"].read_text()
    )


@pytest.mark.unit
@pytest.mark.parametrize(("currency", "shown"), [("GBP", "£3,900.00"), ("CHF", "CHF 3,900.00")])
def test_money_is_shown_in_the_msp_currency(
    report_warehouse, tmp_path, monkeypatch, currency, shown
):
    monkeypatch.setenv("MSP_CURRENCY", currency)
    run = write_weekly_reports(report_warehouse, WEEK, tmp_path, send=False)
    figure = figure_map(run.client_reports["C0002"])[("case.actual.it_cost", "3")]
    assert figure.text == shown


@pytest.mark.build
def test_the_case_of_a_built_portfolio_is_the_counterfactual_marts(request, tmp_path):
    """On the real mart (marts.fct_client_model_counterfactual_monthly of a generated and built
    portfolio): each client's case sums the mart's rows of the complete months named."""
    from test_report_figures import _built

    from pipelines.reports.queries import report_month
    from pipelines.reports.weeks import IsoWeek

    warehouse = _built(request).published
    run = write_weekly_reports(warehouse, None, tmp_path, send=False)
    month = report_month(IsoWeek.parse(run.week))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select client_id, month, support_model, basis, client_labor_cost, client_it_cost,"
            " estimated_downtime_cost, client_total_cost"
            " from marts.fct_client_model_counterfactual_monthly"
            " where is_complete_month and month <= ?",
            [month],
        ).fetchall()
    assert rows, "the built portfolio has complete months in the counterfactual mart"
    checked = 0
    for client_id, path in run.client_reports.items():
        mine = [r for r in rows if r[0] == client_id]
        if not mine:
            assert 'id="support-model"' not in path.read_text()
            continue
        months = sorted({r[1] for r in mine}, reverse=True)[:3]
        actual = [r for r in mine if r[1] in months and r[3] == "actual"]
        model = max(actual, key=lambda r: r[1])[2]
        other = "break_fix" if model == "managed" else "managed"
        alternative = [r for r in mine if r[1] in months and r[2] == other]
        shown = figure_map(path)
        assert Decimal(shown[("case.actual.labor", "3")].value) == sum(r[4] for r in actual)
        assert Decimal(shown[("case.actual.it_cost", "3")].value) == sum(r[5] for r in actual)
        if all(r[7] is not None for r in actual + alternative):
            paid, would = sum(r[7] for r in actual), sum(r[7] for r in alternative)
            assert Decimal(shown[("case.actual.total_cost", "3")].value) == paid
            assert Decimal(shown[("case.alternative.total_cost", "3")].value) == would
            conclusion = _conclusion(path)
            assert (
                min(months).strftime("%B") in conclusion
                and max(months).strftime("%B %Y") in conclusion
            )
            gap = MspIdentity().money(abs(would - paid))
            assert gap in conclusion
            if model != "managed":  # honest either way: "less" only when managed is cheaper
                assert (f"{gap} less" in conclusion) == (would < paid), conclusion
        checked += 1
    assert checked >= 4
