"""The dashboard cannot write, and what a user types is data, never SQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.request

import duckdb
import pytest
from playwright.sync_api import expect

from pipelines.dashboard import queries

INJECTION = "x' OR 1=1; DROP TABLE marts.dim_clients; --"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.unit
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


@pytest.mark.unit
def test_search_text_is_bound_not_spliced(dashboard_warehouse):
    first, last = dt.date(2024, 1, 1), dt.date(2025, 12, 1)
    with queries.read_only(dashboard_warehouse) as con:
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
    expect(summary).to_contain_text("0 clients, 0 losing money")

    search.fill("Harbour")
    expect(summary).to_contain_text("1 clients, 1 losing money")
    with queries.read_only(dashboard_warehouse) as con:
        assert con.execute("select count(*) from marts.dim_clients").fetchall() == [(12,)]
    assert digest(dashboard_warehouse) == before


# Values a request can carry where the page's controls send text (or a list of text).
HOSTILE_VALUES = [12345, 3.5, True, [1, 2], {"a": 1}, None, ["x", 2], "9" * 5000, INJECTION]


def _post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _outputs(output: str):
    """Dash's output spec: '..a.children...b.figure..' for several, 'a.children' for one."""
    if output.startswith(".."):
        return [
            dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
            for part in output.strip(".").split("...")
        ]
    return dict(zip(("id", "property"), output.rsplit(".", 1), strict=True))


def _update(callback: dict, values: list) -> dict:
    return {
        "output": callback["output"],
        "outputs": _outputs(callback["output"]),
        "inputs": [
            {"id": spec["id"], "property": spec["property"], "value": value}
            for spec, value in zip(callback["inputs"], values, strict=True)
        ],
        "changedPropIds": [f"{spec['id']}.{spec['property']}" for spec in callback["inputs"]],
        "state": [],
    }


@pytest.mark.build
def test_every_callback_answers_non_text_values_without_a_server_error(
    dashboard_url, dashboard_warehouse
):
    before = digest(dashboard_warehouse)
    with urllib.request.urlopen(dashboard_url + "/_dash-dependencies", timeout=30) as response:
        callbacks = json.loads(response.read())
    covered = {spec["id"] for callback in callbacks for spec in callback["inputs"]}
    # Every page's controls are among them (the overview, clients, downtime, transitions, client).
    assert {
        "url",
        "overview-period",
        "clients-search",
        "downtime-model",
        "transitions-to",
    } <= covered
    assert {"client-id", "client-wanted", "overview-heatmap"} <= covered
    answers = []
    for callback in callbacks:
        n = len(callback["inputs"])
        cases = [[value] * n for value in HOSTILE_VALUES]  # every input at once
        cases += [  # one input at a time, the others as a page sends them first (None)
            [value if i == j else None for j in range(n)]
            for i in range(n)
            for value in HOSTILE_VALUES
        ]
        for values in cases:
            status = _post_json(
                dashboard_url + "/_dash-update-component", _update(callback, values)
            )
            answers.append((callback["output"][:60], repr(values)[:60], status))
    failed = [answer for answer in answers if answer[2] not in (200, 204)]
    assert not failed, failed[:10]
    assert len(answers) > 100
    assert digest(dashboard_warehouse) == before
