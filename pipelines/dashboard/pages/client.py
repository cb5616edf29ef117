"""Client drill-down: one client's health history, flags, margin and downtime.

"This week" is the last complete ISO week, as in the weekly reports; the running week and
month are left out of the charts (the month is shown apart, to date, in the table).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

import pandas as pd
from dash import Input, Output, dcc, html

from pipelines.dashboard import inputs, queries
from pipelines.dashboard.components import (
    base_layout,
    empty_figure,
    month_axis,
    monthly_figure,
    table,
)
from pipelines.dashboard.data_date import data_date
from pipelines.dashboard.formats import (
    currency,
    currency_prefix,
    flags_text,
    model_words,
    money,
    number,
    pct,
)

PATH = "/client"
TITLE = "Client drill-down"
HEALTH_COLUMNS = {
    "week": ("Week", "text"),
    "support_model": ("Support model", "model"),
    "health_score": ("Health score", "number"),
    "availability_pct": ("Availability %", "pct"),
    "recurring_fault_rate": ("Recurring fault %", "pct"),
    "response_met_pct": ("Response SLA met %", "pct"),
    "gross_margin_pct": ("Gross margin %", "pct"),
    "tickets_per_seat": ("Tickets per seat", "number"),
    "flags": ("Flags", "text"),
}


def client_label(name: str, client_id: str) -> str:
    """Name and id, once: some exports already put the id in the name."""
    return name if client_id in name else f"{name} ({client_id})"


def layout(warehouse, search: str = "") -> html.Div:
    with queries.read_only(warehouse) as con:
        choices = queries.clients(con)
    options = [
        {"label": client_label(row.client_name, row.client_id), "value": row.client_id}
        for row in choices.itertuples()
    ]
    wanted = parse_qs(inputs.text(search, 1000).lstrip("?")).get("client_id", [None])[0]
    known = set(choices["client_id"])
    return html.Div(
        [
            html.H2(TITLE),
            html.Div(
                [
                    html.Label("Client (type to search)"),
                    dcc.Dropdown(
                        options,
                        wanted if wanted in known else None,
                        id="client-id",
                        clearable=False,
                        searchable=True,
                        placeholder="Pick or type a client's name",
                    ),
                ],
                className="filter wide",
            ),
            # An id in the URL that is no client says so, instead of showing another client.
            dcc.Store(id="client-wanted", data=wanted),
            html.Div(id="client-profile", className="kpis"),
            html.Div(id="client-flags"),
            html.Div(
                [dcc.Graph(id="client-health-chart"), dcc.Graph(id="client-monthly-chart")],
                className="charts",
            ),
            html.H3("Health, last 8 complete weeks"),
            html.Div(id="client-health-table"),
        ]
    )


def register(app, warehouse) -> None:
    app.callback(
        Output("client-profile", "children"),
        Output("client-flags", "children"),
        Output("client-health-chart", "figure"),
        Output("client-monthly-chart", "figure"),
        Output("client-health-table", "children"),
        Input("client-id", "value"),
        Input("client-wanted", "data"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, client_id, wanted=None):
    """The page's content for its inputs; what a page view costs on the server."""
    client_id, wanted = inputs.identifier(client_id), inputs.identifier(wanted)
    empty = empty_figure()
    if client_id is None:
        message = (
            html.P(f"No such client: {wanted}.", id="client-unknown", className="caveat")
            if wanted
            else html.P("Pick a client, or type part of a name.", id="client-none")
        )
        return [message], "", empty, empty, ""
    when = data_date(warehouse)
    with queries.read_only(warehouse) as con:
        profile = queries.client_profile(con, client_id)
        health = queries.client_health(con, client_id)
        monthly = queries.client_monthly(con, client_id)
    if profile.empty:
        return [html.P(f"No such client: {client_id}.", id="client-unknown")], "", empty, empty, ""
    client = profile.iloc[0]
    week = when.this_week
    complete_weeks = (
        health[health["week_start"] < week.start + dt.timedelta(days=7)] if week else health
    )
    this_week = complete_weeks.iloc[-1] if len(complete_weeks) else None
    running = when.running_month
    complete_months = monthly[monthly["month"] != running] if running else monthly
    cards = [
        kpi("Client", client_label(client["client_name"], client_id), "client-name"),
        kpi("Support model", model_words(client["current_support_model"]), "client-model"),
        kpi("Seats", str(client["seats"]), "client-seats"),
        kpi(
            f"Health score, week {week}" if week else "Health score",
            number(this_week["health_score"] if this_week is not None else None),
            "client-score",
        ),
        kpi(
            "Gross margin, complete months",
            money(complete_months["gross_margin"].sum()),
            "client-margin",
        ),
        kpi("Margin %, complete months", pct(_margin_pct(complete_months)), "client-margin-pct"),
    ]
    if running is not None and (monthly["month"] == running).any():
        cards.append(
            kpi(
                f"Margin, {running:%B} to date",
                money(monthly.loc[monthly["month"] == running, "gross_margin"].sum()),
                "client-margin-to-date",
            )
        )
    flags = flags_text(this_week["flags"]) if this_week is not None else ""
    advice = [
        html.P(
            [
                html.Strong(f"Flags this week ({week}): " if week else "Flags this week: "),
                html.Span(flags or "none", id="client-flag-list"),
            ]
        ),
        html.P(
            [
                html.Strong("Recommendation: "),
                html.Span(
                    str(this_week["recommendation"]) if this_week is not None else "–",
                    id="client-recommendation",
                ),
            ]
        ),
    ]
    recent = (
        complete_weeks.tail(8)
        .iloc[::-1]
        .assign(
            week=lambda f: [f"{w:%d %b %Y}" for w in f["week_start"]],
            flags=lambda f: f["flags"].map(flags_text),
        )
    )
    return (
        cards,
        advice,
        health_figure(complete_weeks),
        monthly_figure(
            complete_months,
            "gross_margin",
            "Gross margin by month (complete months)",
            f"Gross margin ({currency()})",
            bars=True,
            y_format=",.0f",
            y_prefix=currency_prefix(),
            target=None,
        ),
        table("client-health", recent, HEALTH_COLUMNS),
    )


def kpi(label: str, value: str, element_id: str) -> html.Div:
    return html.Div(
        [html.Div(label, className="kpi-label"), html.Div(value, id=element_id)], className="kpi"
    )


def health_figure(weeks: pd.DataFrame) -> dict:
    layout = base_layout("Weekly health score (complete weeks)", "Health score (0-100)")
    layout["yaxis"] = {**layout["yaxis"], "range": [0, 100]}
    starts = [w.replace(day=1) for w in weeks["week_start"]]
    layout["xaxis"] = {**layout["xaxis"], **month_axis(starts), "title": {"text": "Week"}}
    layout["xaxis"].pop("range", None)
    layout["showlegend"] = False
    scores = weeks["health_score"].astype(float)
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [str(w) for w in weeks["week_start"]],
        "y": scores.where(scores.notna(), None).tolist(),
        "hovertemplate": "week of %{x|%d %b %Y}: %{y:.1f}<extra></extra>",
    }
    return {"data": [trace], "layout": layout}


def _margin_pct(monthly) -> float | None:
    revenue = monthly["revenue"].sum()
    return None if revenue == 0 else 100 * monthly["gross_margin"].sum() / revenue
