"""The dashboard's own rules on hand-worked cases: formats, as-of periods, switches, targets."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.dashboard import formats, inputs, queries, switches
from pipelines.dashboard.components import period_months
from pipelines.dashboard.data_date import DataDate
from pipelines.dashboard.targets import target_margin_pct

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("USD", -1234.5, "-$1,234.50"),
        ("GBP", 1234567.891, "£1,234,567.89"),
        ("eur", 0.5, "€0.50"),
        ("CHF", 12.0, "CHF 12.00"),
        ("not a code", 3.0, "$3.00"),  # anything else: the default, USD
    ],
)
def test_money_carries_the_msp_currency(monkeypatch, code, value, shown):
    monkeypatch.setenv("MSP_CURRENCY", code)
    assert formats.money(value) == shown


def test_percentages_words_and_missing_values():
    assert formats.pct(12.345) == "12.3%"
    assert formats.points(-4.25) == "-4.2 pts"
    assert formats.money(None) == formats.pct(float("nan")) == "–"
    assert formats.model_words("break_fix") == "Break-fix"
    assert formats.model_words("unassigned") == "No agreement"
    assert (
        formats.flags_text("managed_losing_money;sla_breaches_rising")
        == "managed client losing money; SLA breaches rising"
    )


def _when(as_of: dt.datetime, first=dt.date(2024, 1, 1), last=None) -> DataDate:
    return DataDate(as_of, None, None, None, None, first, last or as_of.date().replace(day=1))


def test_running_month_and_this_week_follow_the_as_of_time():
    # Friday 12 March 2025: March runs to date, the last complete week is 3-9 March (W10).
    when = _when(dt.datetime(2025, 3, 12, 14, 0))
    assert when.running_month == dt.date(2025, 3, 1)
    assert when.last_complete_month == dt.date(2025, 2, 1)
    assert str(when.this_week) == "2025-W10"
    assert when.this_week.start == dt.date(2025, 3, 3)
    assert str(when.running_week) == "2025-W11"
    # Monday 00:00 already belongs to the new week: the one before is complete.
    assert str(_when(dt.datetime(2025, 3, 10, 0, 0)).this_week) == "2025-W10"
    # Data to the last second of a month: that month is complete.
    whole = _when(dt.datetime(2025, 3, 31, 23, 59, 59))
    assert whole.running_month is None
    assert whole.last_complete_month == dt.date(2025, 3, 1)


def test_periods_are_complete_months():
    when = _when(dt.datetime(2025, 3, 12, 14, 0))
    assert period_months(when, "3") == (dt.date(2024, 12, 1), dt.date(2025, 2, 1))
    assert period_months(when, "all") == (dt.date(2024, 1, 1), dt.date(2025, 2, 1))
    assert period_months(when, "24") == period_months(when, "12")  # unknown: the default
    assert period_months(when, ["3"]) == period_months(when, "12")
    # A portfolio whose only month is still running has no complete month yet.
    assert period_months(_when(dt.datetime(2025, 3, 12), first=dt.date(2025, 3, 1)), "3") is None


def test_inputs_fall_back_to_defaults():
    assert inputs.choice({"a": 1}, ["3", "12"], "12") == "12"
    assert inputs.text(["Harbour"]) == ""
    assert inputs.text("x" * 500) == "x" * inputs.MAX_TEXT
    assert inputs.flag(["to-date"]) is True and inputs.flag(3) is False
    assert inputs.identifier(42) is None and inputs.identifier(" C0001 ") == "C0001"


def test_switch_statistics_by_hand():
    # Three clients whose downtime fell by 1, 2 and 3: of the 2^3 sign patterns only
    # all-minus and all-plus reach |mean| 2, so p = 2/8 = 0.25: could be chance.
    changes = pd.DataFrame({"before": [10.0, 10.0, 10.0], "after": [9.0, 8.0, 7.0]})
    found = switches.difference(changes.assign(change=changes["after"] - changes["before"]))
    assert found.clients == 3 and found.mean_change == -2.0
    assert found.p_value == pytest.approx(0.25)
    assert found.could_be_chance
    assert -3.0 <= found.low <= found.high <= -1.0
    # Deterministic: the same words on every page view.
    assert switches.difference(changes.assign(change=[-1.0, -2.0, -3.0])) == found
    # Six clients, all falling: p = 2/64 = 0.03, and the interval holds no zero.
    six = pd.DataFrame({"before": [10.0] * 6, "after": [9.0, 8.0, 7.0, 9.5, 8.5, 7.5]})
    found = switches.difference(six.assign(change=six["after"] - six["before"]))
    assert found.p_value == pytest.approx(2 / 64)
    assert not found.could_be_chance
    # One client is a single case: no interval, no test.
    one = switches.difference(pd.DataFrame({"before": [5.0], "after": [1.0], "change": [-4.0]}))
    assert one.p_value is None and one.could_be_chance


def test_a_client_with_several_switches_weighs_once():
    rows = pd.DataFrame(
        {
            "client_id": ["A", "A", "B"],
            "d_before": [100.0, 300.0, 50.0],
            "d_after": [0.0, 100.0, 40.0],
        }
    )
    per_client = switches.per_client_changes(rows, "d_before", "d_after")
    assert per_client.loc["A"].tolist() == [200.0, 50.0, -150.0]
    assert per_client.loc["B"].tolist() == [50.0, 40.0, -10.0]


def test_sign_flip_sampled_beyond_exact_is_deterministic():
    values = np.linspace(-1, -0.1, 20)
    first = switches.sign_flip_p_value(values, np.random.default_rng(switches.SEED))
    second = switches.sign_flip_p_value(values, np.random.default_rng(switches.SEED))
    assert first == second < 0.001


def test_only_real_switches_count(tmp_path):
    """A first agreement, an agreement ending and a switch with no whole month are apart."""
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.dim_clients as select * from (values"
            " ('A', 'Alpha'), ('B', 'Beta'), ('C', 'Gamma'), ('D', 'Delta'))"
            " t(client_id, client_name)"
        )
        con.execute(
            "create table marts.fct_support_model_transitions as select * from (values"
            " ('A', 'unassigned', 'break_fix', date '2024-05-01', 1),"
            " ('A', 'break_fix', 'managed', date '2024-09-01', 4),"
            " ('B', 'break_fix', 'managed', date '2025-03-01', 0),"
            " ('C', 'managed', 'unassigned', date '2025-01-01', 2),"
            " ('D', 'hybrid', 'managed', date '2024-07-01', 6))"
            " t(client_id, from_model, to_model, changed_on, months_compared)"
        )
    with queries.read_only(path) as con:
        frame = queries.transitions(con)
        assert set(frame.loc[frame["counted"], "client_id"]) == {"A", "D"}
        reasons = dict(
            zip(frame["client_id"] + frame["to_model"], frame["not_counted_because"], strict=True)
        )
        assert reasons["Abreak_fix"] == "first agreement"
        assert reasons["Bmanaged"] == "no whole month on both sides"
        assert reasons["Cunassigned"] == "agreement ended"
        assert queries.transitions(con, "hybrid").empty


def test_agreements_ending_skip_renewals_and_say_when_unknown(tmp_path):
    path = tmp_path / "w.duckdb"
    today = dt.date(2025, 3, 12)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema intermediate")
        con.execute(
            "create table marts.dim_clients as select * from (values"
            " ('A', 'Alpha'), ('B', 'Beta'), ('C', 'Gamma')) t(client_id, client_name)"
        )
        con.execute(
            "create table intermediate.int_agreements as select * from (values"
            " ('A1', 'A', 'managed', date '2024-01-01', date '2025-07-10'),"  # 120 days: in
            " ('B1', 'B', 'managed', date '2024-01-01', date '2025-04-01'),"
            " ('B2', 'B', 'managed', date '2025-04-02', null),"  # renewed: out
            " ('C1', 'C', 'hybrid', date '2024-01-01', date '2025-07-11'))"  # 121 days: out
            " t(agreement_id, client_id, support_model, start_date, end_date)"
        )
    with queries.read_only(path) as con:
        ending = queries.agreements_ending(con, today, 120)
    assert ending["agreement_id"].tolist() == ["A1"]
    assert ending["days_left"].tolist() == [120]
    with duckdb.connect(str(path)) as con:
        con.execute("update intermediate.int_agreements set end_date = null")
    with queries.read_only(path) as con:
        assert queries.agreements_ending(con, today, 120) is None


def test_target_margin_is_the_dbt_var(tmp_path):
    assert target_margin_pct() == 35.0  # dbt_project/dbt_project.yml
    (tmp_path / "dbt_project.yml").write_text("vars:\n  target_margin_pct: 42.5\n")
    assert target_margin_pct(tmp_path) == 42.5
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "dbt_project.yml").write_text("vars:\n  other: 1\n")
    assert target_margin_pct(tmp_path / "other") == 35.0
