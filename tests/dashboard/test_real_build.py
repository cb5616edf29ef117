"""The dashboard's pages on a real build (generator -> Dagster job -> published copy) show _truth.json.

Runs the page callbacks as the server does; the browser tests cover the screen itself.
Every figure is over complete months: the as-of month is still running.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest

from pipelines.dashboard import queries
from pipelines.dashboard.at_risk import at_risk
from pipelines.dashboard.data_date import data_date
from pipelines.dashboard.formats import money
from pipelines.dashboard.pages import client, clients, downtime, overview, transitions

pytestmark = pytest.mark.build


def complete_months(portfolio) -> list[dict]:
    running = data_date(portfolio.published).running_month
    return [
        row
        for row in portfolio.truth["client_months"]
        if dt.date.fromisoformat(row["month"]) != running
    ]


def test_as_of_is_the_truth(built_portfolio):
    when = data_date(built_portfolio.published)
    assert when.as_of == dt.datetime.fromisoformat(built_portfolio.truth["as_of"]).replace(
        tzinfo=None
    )
    assert when.last_build is not None
    assert when.newest_ticket <= when.as_of and when.newest_event <= when.as_of


def test_overview_summary_per_model_equals_truth(built_portfolio):
    _, summary, *_ = overview.render(built_portfolio.published, "all", [])
    shown = {row["model"]: row for row in summary.data}
    words = {"managed": "Managed", "hybrid": "Hybrid", "break_fix": "Break-fix"}
    revenue, clients_by_model = defaultdict(Decimal), defaultdict(set)
    for row in complete_months(built_portfolio):
        model = words.get(row["support_model"], "No agreement")
        revenue[model] += Decimal(row["revenue"])
        revenue["All models"] += Decimal(row["revenue"])
        clients_by_model[model].add(row["client_id"])
        clients_by_model["All models"].add(row["client_id"])
    assert shown.keys() == revenue.keys()
    for model, total in revenue.items():
        assert shown[model]["revenue"] == pytest.approx(float(total), abs=0.005), model
        assert shown[model]["clients"] == len(clients_by_model[model]), model


def test_client_profitability_rows_equal_truth(built_portfolio):
    table, _ = clients.render(built_portfolio.published, "all", "all", "")
    expected = defaultdict(Decimal)
    for row in complete_months(built_portfolio):
        expected[(row["client_id"], row["support_model"])] += Decimal(row["gross_margin"])
    shown = {(row["client_id"], row["support_model"]): row["gross_margin"] for row in table.data}
    words = {
        "managed": "Managed",
        "hybrid": "Hybrid",
        "break_fix": "Break-fix",
        "unassigned": "No agreement",
    }
    expected = {(cid, words[model]): margin for (cid, model), margin in expected.items()}
    assert shown.keys() == expected.keys()
    for key, margin in expected.items():
        assert shown[key] == pytest.approx(float(margin), abs=0.005), key


def test_downtime_per_client_equals_truth(built_portfolio):
    *_, table = downtime.render(built_portfolio.published, "all", "all", [])
    minutes = defaultdict(list)
    words = {
        "managed": "Managed",
        "hybrid": "Hybrid",
        "break_fix": "Break-fix",
        "unassigned": "No agreement",
    }
    for row in complete_months(built_portfolio):
        if row["downtime_minutes"] is not None:
            minutes[(row["client_id"], words[row["support_model"]])].append(row["downtime_minutes"])
    for row in table.data:
        values = minutes.get((row["client_id"], row["support_model"]))
        if values:
            assert row["downtime_minutes_per_month"] == pytest.approx(
                sum(values) / len(values), abs=0.01
            )
        else:
            assert row["downtime_minutes_per_month"] is None


def test_client_drill_down_equals_truth(built_portfolio):
    client_id = next(iter(built_portfolio.truth["clients"]))
    cards, *_ = client.render(built_portfolio.published, client_id)
    margin_card = next(card for card in cards if card.children[1].id == "client-margin")
    expected = sum(
        (
            Decimal(row["gross_margin"])
            for row in complete_months(built_portfolio)
            if row["client_id"] == client_id
        ),
        Decimal("0.00"),
    )
    assert margin_card.children[1].children == money(float(expected))
    unknown, *_ = client.render(built_portfolio.published, "no-such-client")
    assert unknown[0].children == "No such client: no-such-client."


def test_transitions_count_only_real_switches(built_portfolio):
    _caveat, _verdicts, table, *_ = transitions.render(built_portfolio.published, "all")
    with queries.read_only(built_portfolio.published) as con:
        expected = {
            (cid, str(on))
            for cid, on in con.execute(
                "select client_id, changed_on from marts.fct_support_model_transitions"
                " where from_model <> 'unassigned' and to_model <> 'unassigned'"
                " and months_compared > 0"
            ).fetchall()
        }
    assert {(row["client_id"], row["changed_on"]) for row in table.data} == expected


def test_at_risk_reasons_equal_the_health_mart(built_portfolio):
    found = at_risk(built_portfolio.published)
    week = data_date(built_portfolio.published).this_week
    with queries.read_only(built_portfolio.published) as con:
        flagged = con.execute(
            "select client_id, is_managed_losing_money, is_break_fix_downtime_over_managed_fee"
            " from marts.fct_client_health_weekly where week_start = ?",
            [week.start],
        ).fetchall()
    expected = {(cid, "managed_losing_money") for cid, losing, _ in flagged if losing} | {
        (cid, "break_fix_downtime_over_managed_fee") for cid, _, over in flagged if over
    }
    shown = {
        (row.client_id, row.reason_code)
        for row in found.rows.itertuples()
        if row.reason_code in ("managed_losing_money", "break_fix_downtime_over_managed_fee")
    }
    assert shown == expected
