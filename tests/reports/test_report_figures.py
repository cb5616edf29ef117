"""The numbers in the reports are the marts' numbers, and each client sees only its own.

Each test runs on the fixture warehouse and, marked build, on a real generated and
built portfolio (the session's ``built_portfolio``): the reports are compared with
queries on the very warehouse they were written from.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from report_html import figure_map, figures

from pipelines.reports import ReportRun, last_complete_iso_week, write_weekly_reports
from pipelines.reports.queries import report_month
from pipelines.reports.weeks import IsoWeek


@dataclass
class Case:
    run: ReportRun
    warehouse: Path

    @property
    def week(self) -> IsoWeek:
        return IsoWeek.parse(self.run.week)

    @property
    def week_params(self) -> list:
        return [self.week.start, self.week.end]


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("fixture", marks=pytest.mark.unit),
        pytest.param("built", marks=pytest.mark.build),
    ],
)
def case(request, tmp_path_factory) -> Case:
    if request.param == "fixture":
        warehouse = request.getfixturevalue("report_warehouse")
        week = "2026-W46"
    else:
        warehouse = _built(request).published
        week = None  # the default: last complete week before the build's as-of time
    run = write_weekly_reports(warehouse, week, tmp_path_factory.mktemp("reports"), send=False)
    return Case(run, warehouse)


def _built(request):
    """The session's built portfolio, or an existing build named by MSP_REPORTS_TEST_BUILD
    (a folder holding landing/_truth.json and data/published/warehouse.duckdb) to save a rebuild."""
    existing = os.environ.get("MSP_REPORTS_TEST_BUILD")
    if not existing:
        return request.getfixturevalue("built_portfolio")
    root = Path(existing)
    return SimpleNamespace(
        published=root / "data" / "published" / "warehouse.duckdb",
        truth=json.loads((root / "landing" / "_truth.json").read_text()),
    )


def query(warehouse, sql, params=None):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def close(shown: str, expected) -> bool:
    if expected is None:
        return shown == ""
    return abs(float(shown) - float(expected)) < 1e-9


def test_one_report_per_client_with_a_health_row_plus_the_portfolio(case):
    clients = [
        c
        for (c,) in query(
            case.warehouse,
            "select client_id from marts.fct_client_health_weekly where week_start = ? order by 1",
            [case.week.start],
        )
    ]
    assert sorted(case.run.client_reports) == clients and len(clients) >= 4
    assert case.run.portfolio_report.name == "portfolio.html"
    assert all(
        p.parent == case.run.folder and p.stat().st_size > 5000 for p in case.run.files_written
    )


def _score_columns(case) -> list[str]:
    return [
        c
        for (c,) in query(
            case.warehouse,
            "select column_name from information_schema.columns"
            " where table_schema = 'marts' and table_name = 'fct_client_health_weekly'"
            " and column_name like '%_score'",
        )
    ]


def _check_scores(case, client_id, path, scores, renamed=None):
    shown = figure_map(path)
    (row,) = query(
        case.warehouse,
        f"select {', '.join(scores)} from marts.fct_client_health_weekly"  # noqa: S608
        " where client_id = ? and week_start = ?",
        [client_id, case.week.start],
    )
    for column, expected in zip(scores, row, strict=True):
        figure = shown[((renamed or {}).get(column, column), "")]
        assert close(figure.value, expected), (client_id, column)
        assert figure.text == ("n/a" if expected is None else f"{float(expected):,.1f}")


def test_client_report_shows_the_service_health_score_and_its_components(case):
    service = [
        "service_health_score",
        "availability_score",
        "recurring_fault_score",
        "sla_score",
        "ticket_load_score",
    ]
    assert set(service) <= set(_score_columns(case))
    for client_id, path in case.run.client_reports.items():
        _check_scores(case, client_id, path, service)
        shown = {metric for metric, _ in figure_map(path)}
        # The internal scores never reach the client.
        assert not shown & {
            "health_score",
            "account_health_score",
            "margin_score",
            "weighted_component_score",
        }


def test_account_brief_shows_the_account_health_score_and_every_component(case):
    scores = [
        c
        for c in _score_columns(case)
        if c not in ("health_score", "service_health_score", "service_weighted_component_score")
    ]
    assert {"account_health_score", "margin_score", "weighted_component_score"} <= set(scores)
    for client_id, path in case.run.account_briefs.items():
        _check_scores(case, client_id, path, scores)
        _check_scores(
            case,
            client_id,
            path,
            ["service_health_score"],
            {"service_health_score": "brief.service_health_score"},
        )
    (equal,) = query(
        case.warehouse,
        "select bool_and(health_score = account_health_score) from marts.fct_client_health_weekly",
    )[0]
    assert equal  # health_score keeps its meaning: the account health score


def test_flags_are_shown_in_plain_words_in_the_brief_only(case):
    rows = query(
        case.warehouse,
        "select client_id, flags, recommendation, client_recommendation"
        " from marts.fct_client_health_weekly where week_start = ?",
        [case.week.start],
    )
    for client_id, flags, recommendation, client_recommendation in rows:
        brief = case.run.account_briefs[client_id].read_text()
        report = case.run.client_reports[client_id].read_text()
        codes = [code for code in (flags or "").split(";") if code]
        assert brief.count('class="flag"') == len(codes)
        assert not any(code in brief or code in report for code in codes)  # words, not codes
        assert recommendation in brief
        assert client_recommendation in report and recommendation not in report
        assert 'class="flag"' not in report
    if case.warehouse.name == "warehouse.duckdb" and "report-wh" in str(case.warehouse):
        assert any(flags for _, flags, _, _ in rows), "the fixture flags at least one client"


def test_last_complete_month_margin_and_downtime_are_the_marts(case):
    month = report_month(case.week)
    for client_id, path in case.run.client_reports.items():
        shown = figure_map(path)
        brief = figure_map(case.run.account_briefs[client_id])
        margin = query(
            case.warehouse,
            "select revenue, total_cost, gross_margin, gross_margin_pct, effective_hourly_rate"
            " from marts.fct_client_margin_monthly where client_id = ? and month = ?",
            [client_id, month],
        )
        names = (
            "revenue",
            "total_cost",
            "gross_margin",
            "gross_margin_pct",
            "effective_hourly_rate",
        )
        assert not any((f"margin.{n}", "") in shown for n in names)  # never in the client's
        if not margin:
            assert not any((f"margin.{n}", "") in brief for n in names)
            continue
        for name, expected in zip(names, margin[0], strict=True):
            assert close(brief[(f"margin.{name}", "")].value, expected), (client_id, name)
        assert brief[("margin.revenue", "")].text == f"${margin[0][0]:,.2f}"
        downtime = query(
            case.warehouse,
            "select availability_pct, downtime_minutes, outage_count,"
            " estimated_downtime_cost from marts.fct_client_downtime_monthly"
            " where client_id = ? and month = ? and downtime_minutes is not null",
            [client_id, month],
        )
        for row in downtime:
            for name, expected in zip(
                ("availability_pct", "downtime_minutes", "outage_count", "estimated_downtime_cost"),
                row,
                strict=True,
            ):
                assert close(shown[(f"month.{name}", "")].value, expected), (client_id, name)
            assert shown[("month.estimated_downtime_cost", "")].text == f"${row[3]:,.2f}"


def test_the_weeks_outages_are_listed_with_their_durations(case):
    for client_id, path in case.run.client_reports.items():
        expected = query(
            case.warehouse,
            "select outage_start, duration_minutes from marts.fct_outages"
            " where client_id = ? and outage_end > ? and outage_start < ? order by 1",
            [client_id, *case.week_params],
        )
        shown = [(f.key, f.value) for f in figures(path) if f.metric == "outage.duration_minutes"]
        assert [(s.isoformat(), float(d)) for s, d in expected] == [(k, float(v)) for k, v in shown]


def test_recurring_faults_by_device_count_the_marts_tickets(case):
    since = case.week.minus(11).start
    for client_id, path in case.run.client_reports.items():
        tickets = query(
            case.warehouse,
            "select device_id from marts.fct_tickets where client_id = ?"
            " and is_recurring_fault and created_at >= ? and created_at < ?",
            [client_id, since, case.week.end],
        )
        expected: dict[str, int] = {}
        for (device_id,) in tickets:
            expected[device_id] = expected.get(device_id, 0) + 1
        shown = {
            f.key: int(f.value) for f in figures(path) if f.metric == "device.recurring_faults"
        }
        assert shown == expected, client_id


def test_sla_verdicts_of_the_week_by_priority(case):
    for client_id, path in case.run.client_reports.items():
        tickets = query(
            case.warehouse,
            "select priority, response_sla_met, resolution_sla_met"
            " from marts.fct_tickets where client_id = ? and created_at >= ? and created_at < ?",
            [client_id, *case.week_params],
        )
        shown = {
            (f.metric, f.key): int(f.value)
            for f in figures(path)
            if f.metric.startswith("sla_week.")
        }
        assert {k for _, k in shown} == {p for p, _, _ in tickets}
        for priority in {p for p, _, _ in tickets}:
            of = [t for t in tickets if t[0] == priority]
            assert shown[("sla_week.tickets", priority)] == len(of)
            assert shown[("sla_week.response_met", priority)] == sum(t[1] is True for t in of)
            assert shown[("sla_week.response_breached", priority)] == sum(t[1] is False for t in of)
            assert shown[("sla_week.resolution_met", priority)] == sum(t[2] is True for t in of)
            assert shown[("sla_week.resolution_breached", priority)] == sum(
                t[2] is False for t in of
            )


def test_ticket_volume_weeks_add_up_to_the_marts_tickets(case):
    for client_id, path in case.run.client_reports.items():
        (expected,) = query(
            case.warehouse,
            "select count(*) from marts.fct_tickets where client_id = ?"
            " and created_at >= ? and created_at < ?",
            [client_id, case.week.minus(11).start, case.week.end],
        )
        html = path.read_text()
        bars = html.split('aria-label="Tickets opened per week"', 1)[1].split("</svg>", 1)[0]
        counts = [
            int(t.split(": ", 1)[1].split(".")[0].replace(",", ""))
            for t in bars.split("<title>")[2:]
        ]
        assert sum(counts) == expected[0], client_id


def test_outages_name_their_devices(case):
    for client_id, path in case.run.client_reports.items():
        expected = query(
            case.warehouse,
            "select d.device_name from marts.fct_client_outage_devices as d"
            " join marts.fct_outages as o using (client_id, outage_start)"
            " where d.client_id = ? and o.outage_end > ? and o.outage_start < ?",
            [client_id, *case.week_params],
        )
        html = path.read_text()
        section = html.split('id="availability"', 1)[1].split("</section>", 1)[0]
        assert all(name in section for (name,) in expected if name), client_id


def test_work_done_is_the_marts_hours(case):
    for client_id, path in case.run.client_reports.items():
        shown = {f.key: float(f.value) for f in figures(path) if f.metric == "work.recent_hours"}
        expected = dict(
            query(
                case.warehouse,
                "select work_type, sum(hours) from marts.fct_client_work_weekly"
                " where client_id = ? and week_start between ? and ? group by 1",
                [client_id, case.week.minus(3).start, case.week.start],
            )
        )
        assert shown.keys() == expected.keys(), client_id
        assert all(abs(shown[k] - float(v)) < 1e-6 for k, v in expected.items())


def test_portfolio_ranks_clients_by_health_worst_first(case):
    expected = query(
        case.warehouse,
        "select client_id, health_score from marts.fct_client_health_weekly"
        " where week_start = ? order by health_score nulls last, client_id",
        [case.week.start],
    )
    shown = [
        (f.key, f.value)
        for f in figures(case.run.portfolio_report)
        if f.metric == "health.health_score"
    ]
    assert [k for k, _ in shown] == [c for c, _ in expected]
    assert all(close(v, s) for (_, v), (_, s) in zip(shown, expected, strict=True))


def test_portfolio_ranks_clients_by_margin_lowest_first(case):
    expected = query(
        case.warehouse,
        "select client_id, gross_margin from marts.fct_client_margin_monthly"
        " where month = ? and client_id in (select client_id from marts.fct_client_health_weekly"
        " where week_start = ?) order by gross_margin, client_id",
        [report_month(case.week), case.week.start],
    )
    shown = [
        (f.key, Decimal(f.value))
        for f in figures(case.run.portfolio_report)
        if f.metric == "margin.gross_margin"
    ]
    assert shown == expected


def test_portfolio_support_models_and_transitions_are_the_marts(case):
    shown = figure_map(case.run.portfolio_report)
    models = query(
        case.warehouse,
        "select support_model, gross_margin_pct, downtime_minutes_per_client,"
        " recurring_fault_rate from marts.fct_support_model_monthly where month = ?",
        [report_month(case.week)],
    )
    assert models
    for model, margin_pct, downtime, recurring in models:
        assert close(shown[("model.gross_margin_pct", model)].value, margin_pct)
        assert close(shown[("model.downtime_minutes_per_client", model)].value, downtime)
        assert close(shown[("model.recurring_fault_rate", model)].value, recurring)
    # A client can change model more than once: a transition is keyed by client and date.
    for key, before, after, margin_before in query(
        case.warehouse,
        "select client_id || '@' || changed_on, downtime_minutes_per_month_before,"
        " downtime_minutes_per_month_after, gross_margin_pct_before"
        " from marts.fct_support_model_transitions",
    ):
        assert close(shown[("transition.downtime_minutes_per_month_before", key)].value, before)
        assert close(shown[("transition.downtime_minutes_per_month_after", key)].value, after)
        assert close(shown[("transition.gross_margin_pct_before", key)].value, margin_before)


def test_a_client_report_holds_no_other_clients_data(case):
    for client_id, path in case.run.client_reports.items():
        html = path.read_text() + case.run.account_briefs[client_id].read_text()
        others = query(
            case.warehouse,
            "select client_id, client_name, report_recipients"
            " from marts.dim_clients where client_id <> ?",
            [client_id],
        )
        foreign = [value for row in others for value in row if value]
        foreign += [
            d
            for (d,) in query(
                case.warehouse,
                "select device_name from marts.dim_devices"
                " where client_id <> ? and device_name is not null",
                [client_id],
            )
        ]
        foreign += [
            t
            for (t,) in query(
                case.warehouse,
                "select ticket_id from marts.fct_tickets where client_id <> ?",
                [client_id],
            )
        ]
        assert len(foreign) > 100
        # Whole-token match: "C001" must not count as found inside "C0010".
        leaked = [
            v
            for v in foreign
            if f">{v}<" in html
            or f'"{v}"' in html
            or f" {v} " in html
            or f" {v}<" in html
            or f">{v} " in html
        ]
        assert leaked == [], client_id
        (name,) = query(
            case.warehouse,
            "select client_name from marts.dim_clients where client_id = ?",
            [client_id],
        )[0]
        assert name in html


@pytest.mark.unit
def test_a_week_without_health_rows_is_refused(report_warehouse, tmp_path):
    with pytest.raises(ValueError, match="no client health rows for week 2030-W01"):
        write_weekly_reports(report_warehouse, "2030-W01", tmp_path, send=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.unit
def test_default_week_is_the_last_complete_one_before_the_as_of_time(report_warehouse, tmp_path):
    run = write_weekly_reports(
        report_warehouse, None, tmp_path, send=False
    )  # as-of Fri 20 Nov 2026
    assert run.week == "2026-W46" and run.folder == tmp_path / "2026-W46"


@pytest.mark.unit
def test_default_week_without_the_as_of_table_uses_the_latest_health_week(
    report_warehouse, tmp_path
):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(report_warehouse, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table intermediate.int_as_of")
    run = write_weekly_reports(copy, None, tmp_path / "out", send=False)
    assert run.week == "2026-W46"  # W47, the as-of week, is not over


@pytest.mark.build
def test_built_reports_agree_with_the_generators_truth(request, tmp_path):
    """A second, independent computation: the generator's _truth.json."""
    built_portfolio = _built(request)
    run = write_weekly_reports(built_portfolio.published, None, tmp_path, send=False)
    month = report_month(IsoWeek.parse(run.week)).isoformat()
    truth = {(m["client_id"], m["month"]): m for m in built_portfolio.truth["client_months"]}
    checked = 0
    for client_id, path in run.client_reports.items():
        # Margins are in the internal brief; downtime is in both.
        shown = {**figure_map(path), **figure_map(run.account_briefs[client_id])}
        expected = truth.get((client_id, month))
        if expected is None or ("margin.gross_margin", "") not in shown:
            continue
        assert Decimal(shown[("margin.gross_margin", "")].value) == Decimal(
            expected["gross_margin"]
        )
        assert Decimal(shown[("margin.revenue", "")].value) == Decimal(expected["revenue"])
        if expected["downtime_minutes"] is not None:
            assert close(shown[("month.downtime_minutes", "")].value, expected["downtime_minutes"])
        checked += 1
    assert checked >= 4
    as_of = datetime.fromisoformat(built_portfolio.truth["as_of"]).replace(tzinfo=None)
    assert run.week == str(last_complete_iso_week(as_of))


@pytest.mark.unit
def test_names_from_exports_are_escaped_not_run(report_warehouse, tmp_path):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(report_warehouse, copy)
    hostile = '<script>alert("x")</script> & Sons'
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "update marts.dim_clients set client_name = ? where client_id = 'C0001'", [hostile]
        )
    run = write_weekly_reports(copy, "2026-W46", tmp_path / "out", send=False)
    for path in (
        run.client_reports["C0001"],
        run.account_briefs["C0001"],
        run.account_briefs_file,
        run.portfolio_report,
    ):
        html = path.read_text()
        assert "<script" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Sons" in html
