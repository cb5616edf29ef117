"""The dashboard's pages on a real build (generator -> Dagster job -> published copy) show _truth.json.

Runs the page callbacks as the server does; the browser tests cover the screen itself.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from pipelines.dashboard.components import money
from pipelines.dashboard.pages import client, clients, downtime, overview, transitions

pytestmark = pytest.mark.e2e


def truth_sum(portfolio, field: str, **where) -> Decimal:
    return sum(
        (
            Decimal(row[field])
            for row in portfolio.truth["client_months"]
            if all(row[k] == v for k, v in where.items())
        ),
        Decimal("0.00"),
    )


def test_overview_totals_equal_truth(built_portfolio):
    revenue, cost, margin, *_ = overview.render(built_portfolio.published, "all")
    assert revenue == money(float(truth_sum(built_portfolio, "revenue")))
    assert cost == money(float(truth_sum(built_portfolio, "total_cost")))
    assert margin == money(float(truth_sum(built_portfolio, "gross_margin")))


def test_client_profitability_rows_equal_truth(built_portfolio):
    table, _ = clients.render(built_portfolio.published, "all", "all", "")
    expected = defaultdict(Decimal)
    for row in built_portfolio.truth["client_months"]:
        expected[(row["client_id"], row["support_model"])] += Decimal(row["gross_margin"])
    shown = {(row["client_id"], row["support_model"]): row["gross_margin"] for row in table.data}
    assert shown.keys() == expected.keys()
    for key, margin in expected.items():
        assert shown[key] == pytest.approx(float(margin), abs=0.005), key


def test_downtime_per_client_equals_truth(built_portfolio):
    *_, table = downtime.render(built_portfolio.published, "all", "all")
    minutes = defaultdict(list)
    for row in built_portfolio.truth["client_months"]:
        if row["downtime_minutes"] is not None:
            minutes[(row["client_id"], row["support_model"])].append(row["downtime_minutes"])
    for row in table.data:
        values = minutes.get((row["client_id"], row["support_model"]))
        if values:
            assert row["downtime_minutes_per_month"] == pytest.approx(
                sum(values) / len(values), abs=0.01
            )
        else:
            assert row["downtime_minutes_per_month"] is None


def test_client_drill_down_and_transitions_render(built_portfolio):
    client_id = next(iter(built_portfolio.truth["clients"]))
    cards, *_ = client.render(built_portfolio.published, client_id)
    margin_card = next(card for card in cards if card.children[1].id == "client-margin")
    assert margin_card.children[1].children == money(
        float(truth_sum(built_portfolio, "gross_margin", client_id=client_id))
    )
    summary, _, table = transitions.render(built_portfolio.published, "all")
    assert summary.startswith(f"{len(table.data)} moves") or (
        summary == "No moves of this kind." and not table.data
    )
