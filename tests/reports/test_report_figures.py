"""The numbers in the reports are the marts' numbers, and each client sees only its own."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from report_html import figure_map, figures

WEEK_START, WEEK_END = "2026-11-09", "2026-11-16"


def query(warehouse, sql, params=None):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def as_number(text: str):
    return None if text == "" else float(text)


def close(shown: str, expected) -> bool:
    if expected is None:
        return shown == ""
    return abs(float(shown) - float(expected)) < 1e-9


def test_one_report_per_client_with_a_health_row_plus_the_portfolio(written_reports, report_warehouse):
    clients = [c for (c,) in query(report_warehouse, "select client_id from marts.fct_client_health_weekly"
                                   " where week_start = ? order by 1", [WEEK_START])]
    assert sorted(written_reports.client_reports) == clients == ["C0001", "C0002", "C0003", "C0004"]
    assert written_reports.portfolio_report.name == "portfolio.html"
    assert written_reports.folder.name == "2026-W46"
    assert all(p.parent == written_reports.folder for p in written_reports.files_written)


def test_health_score_and_every_component_are_the_marts(written_reports, report_warehouse):
    columns = [c for (c,) in query(report_warehouse, "select column_name from information_schema.columns"
                                   " where table_schema = 'marts' and table_name = 'fct_client_health_weekly'")]
    components = [c for c in columns if c.endswith("_score")]
    assert "health_score" in components and len(components) > 3
    for client_id, path in written_reports.client_reports.items():
        shown = figure_map(path)
        (row,) = query(report_warehouse, f"select {', '.join(components)} from marts.fct_client_health_weekly"  # noqa: S608
                       " where client_id = ? and week_start = ?", [client_id, WEEK_START])
        for column, expected in zip(components, row, strict=True):
            figure = shown[(column, "")]
            assert close(figure.value, expected), (client_id, column)
            assert figure.text == f"{float(expected):,.1f}"


def test_flags_are_shown_in_plain_words(written_reports, report_warehouse):
    flagged = query(report_warehouse, "select client_id, flags from marts.fct_client_health_weekly"
                    " where week_start = ? and flags is not null", [WEEK_START])
    assert flagged, "the fixture should flag at least one client this week"
    for client_id, flags in flagged:
        html = written_reports.client_reports[client_id].read_text()
        for code in flags.split(";"):
            assert code not in html  # the code is translated...
        assert html.count('class="flag"') == len(flags.split(";"))  # ...one line per flag


def test_month_margin_and_downtime_are_the_marts(written_reports, report_warehouse):
    for client_id, path in written_reports.client_reports.items():
        shown = figure_map(path)
        (margin,) = query(report_warehouse, "select revenue, total_cost, gross_margin, gross_margin_pct"
                          " from marts.fct_client_margin_monthly where client_id = ? and month = '2026-11-01'",
                          [client_id])
        for name, expected in zip(("revenue", "total_cost", "gross_margin", "gross_margin_pct"), margin, strict=True):
            assert close(shown[(f"margin.{name}", "")].value, expected), (client_id, name)
        assert shown[("margin.revenue", "")].text == f"{margin[0]:,.2f}"
        assert shown[("margin.gross_margin_pct", "")].text == f"{margin[3]:.1f}%"
        (downtime,) = query(report_warehouse, "select availability_pct, downtime_minutes, outage_count,"
                            " estimated_downtime_cost from marts.fct_client_downtime_monthly"
                            " where client_id = ? and month = '2026-11-01'", [client_id])
        for name, expected in zip(("availability_pct", "downtime_minutes", "outage_count",
                                   "estimated_downtime_cost"), downtime, strict=True):
            assert close(shown[(f"month.{name}", "")].value, expected), (client_id, name)


def test_the_weeks_outages_are_listed_with_their_durations(written_reports, report_warehouse):
    total = 0
    for client_id, path in written_reports.client_reports.items():
        expected = query(report_warehouse, "select outage_start, duration_minutes from marts.fct_outages"
                         " where client_id = ? and outage_end > ? and outage_start < ? order by 1",
                         [client_id, WEEK_START, WEEK_END])
        shown = [(f.key, f.value) for f in figures(path) if f.metric == "outage.duration_minutes"]
        assert [(s.isoformat(), float(d)) for s, d in expected] == [(k, float(v)) for k, v in shown]
        total += len(expected)
    assert total > 0, "the fixture should have outages in the week"


def test_recurring_faults_by_device_count_the_marts_tickets(written_reports, report_warehouse):
    devices = 0
    for client_id, path in written_reports.client_reports.items():
        tickets = query(report_warehouse, "select device_id, created_at from marts.fct_tickets"
                        " where client_id = ? and is_recurring_fault"
                        " and created_at >= '2026-08-24' and created_at < ?", [client_id, WEEK_END])
        expected: dict[str, int] = {}
        for device_id, _ in tickets:
            expected[device_id] = expected.get(device_id, 0) + 1
        shown = {f.key: int(f.value) for f in figures(path) if f.metric == "device.recurring_faults"}
        assert shown == expected, client_id
        devices += len(expected)
    assert devices > 0, "the fixture should have recurring faults"


def test_sla_verdicts_of_the_week_by_priority(written_reports, report_warehouse):
    for client_id, path in written_reports.client_reports.items():
        tickets = query(report_warehouse, "select priority, response_sla_met, resolution_sla_met"
                        " from marts.fct_tickets where client_id = ? and created_at >= ? and created_at < ?",
                        [client_id, WEEK_START, WEEK_END])
        shown = {(f.metric, f.key): int(f.value) for f in figures(path) if f.metric.startswith("sla_week.")}
        for priority in {p for p, _, _ in tickets}:
            of = [t for t in tickets if t[0] == priority]
            assert shown[("sla_week.tickets", priority)] == len(of)
            assert shown[("sla_week.response_met", priority)] == sum(t[1] is True for t in of)
            assert shown[("sla_week.response_breached", priority)] == sum(t[1] is False for t in of)
            assert shown[("sla_week.resolution_breached", priority)] == sum(t[2] is False for t in of)


def test_downtime_cost_against_a_managed_fee_only_for_break_fix_and_hybrid(written_reports, report_warehouse):
    models = dict(query(report_warehouse, "select client_id, current_support_model from marts.dim_clients"))
    for client_id, path in written_reports.client_reports.items():
        costs = {f.key: f.value for f in figures(path) if f.metric == "fee.estimated_downtime_cost"}
        if models[client_id] == "managed":
            assert costs == {}
            continue
        expected = dict(query(report_warehouse, "select month::varchar, estimated_downtime_cost"
                              " from marts.fct_client_downtime_monthly where client_id = ?"
                              " and month between '2026-06-01' and '2026-11-01'", [client_id]))
        assert {k: Decimal(v) for k, v in costs.items()} == expected


def test_portfolio_ranks_clients_by_health_worst_first(written_reports, report_warehouse):
    expected = query(report_warehouse, "select client_id, health_score from marts.fct_client_health_weekly"
                     " where week_start = ? order by health_score, client_id", [WEEK_START])
    shown = [(f.key, float(f.value)) for f in figures(written_reports.portfolio_report)
             if f.metric == "health.health_score"]
    assert shown == [(c, float(s)) for c, s in expected]


def test_portfolio_support_models_and_transitions_are_the_marts(written_reports, report_warehouse):
    shown = figure_map(written_reports.portfolio_report)
    for model, margin_pct, downtime, recurring in query(
        report_warehouse, "select support_model, gross_margin_pct, downtime_minutes_per_client,"
        " recurring_fault_rate from marts.fct_support_model_monthly where month = '2026-11-01'"
    ):
        assert close(shown[("model.gross_margin_pct", model)].value, margin_pct)
        assert close(shown[("model.downtime_minutes_per_client", model)].value, downtime)
        assert close(shown[("model.recurring_fault_rate", model)].value, recurring)
    transitions = query(report_warehouse, "select client_id, downtime_minutes_per_month_before,"
                        " downtime_minutes_per_month_after from marts.fct_support_model_transitions")
    assert transitions
    for client_id, before, after in transitions:
        assert close(shown[("transition.downtime_minutes_per_month_before", client_id)].value, before)
        assert close(shown[("transition.downtime_minutes_per_month_after", client_id)].value, after)


@pytest.mark.parametrize("client_id", ["C0001", "C0002", "C0003", "C0004"])
def test_a_client_report_holds_no_other_clients_data(written_reports, report_warehouse, client_id):
    html = written_reports.client_reports[client_id].read_text()
    others = query(report_warehouse, "select client_id, client_name, report_recipients"
                   " from marts.dim_clients where client_id <> ?", [client_id])
    foreign = [value for row in others for value in row if value]
    foreign += [d for (d,) in query(report_warehouse, "select device_name from marts.dim_devices"
                                    " where client_id <> ?", [client_id])]
    foreign += [t for (t,) in query(report_warehouse, "select ticket_id from marts.fct_tickets"
                                    " where client_id <> ?", [client_id])]
    assert len(foreign) > 100
    leaked = [value for value in foreign if value in html]
    assert leaked == []
    (name,) = query(report_warehouse, "select client_name from marts.dim_clients where client_id = ?", [client_id])[0]
    assert name in html


def test_a_week_without_health_rows_is_refused(report_warehouse, tmp_path):
    from pipelines.reports import write_weekly_reports

    with pytest.raises(ValueError, match="no client health rows for week 2030-W01"):
        write_weekly_reports(report_warehouse, "2030-W01", tmp_path, send=False)
    assert list(tmp_path.iterdir()) == []


def test_default_week_is_the_last_complete_one_before_the_as_of_time(report_warehouse, tmp_path):
    from pipelines.reports import write_weekly_reports

    run = write_weekly_reports(report_warehouse, None, tmp_path, send=False)  # as-of Fri 20 Nov 2026
    assert run.week == "2026-W46" and run.folder == tmp_path / "2026-W46"
