"""Downtime and recurring faults by support model, and the clients they cost most."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import (
    line_chart,
    model_filter,
    period_filter,
    selected_model,
    table,
)

PATH = "/downtime"
TITLE = "Downtime and recurring faults"
COLUMNS = {
    "client_id": ("Client", "text"),
    "client_name": ("Name", "text"),
    "support_model": ("Support model", "text"),
    "downtime_minutes_per_month": ("Downtime min/month", "number"),
    "availability_pct": ("Availability %", "pct"),
    "estimated_downtime_cost": ("Est. downtime cost", "money"),
    "faults": ("Faults", "count"),
    "recurring_fault_rate": ("Recurring fault %", "pct"),
}


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2(TITLE),
            html.Div(
                [period_filter("downtime-period"), model_filter("downtime-model")],
                className="filters",
            ),
            html.Div(
                [dcc.Graph(id="downtime-minutes"), dcc.Graph(id="downtime-recurring")],
                className="charts",
            ),
            html.H3("Clients by downtime cost"),
            html.Div(id="downtime-table"),
        ]
    )


def register(app, warehouse) -> None:
    app.callback(
        Output("downtime-minutes", "figure"),
        Output("downtime-recurring", "figure"),
        Output("downtime-table", "children"),
        Input("downtime-period", "value"),
        Input("downtime-model", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, period, model):
    """The page's content for its inputs; what a page view costs on the server."""
    model = selected_model(model)
    with queries.read_only(warehouse) as con:
        first, last = queries.period_bounds(con, period or "12")
        by_model = queries.support_model_monthly(con, first, last)
        frame = queries.downtime_by_client(con, first, last, model)
    if model:
        by_model = by_model[by_model["support_model"] == model]
    minutes = line_chart(
        by_model,
        "month",
        "downtime_minutes_per_client",
        "Downtime minutes per client per month",
        by="support_model",
    )
    recurring = line_chart(
        by_model, "month", "recurring_fault_rate", "Recurring fault rate %", by="support_model"
    )
    frame = frame.assign(faults=frame["faults"].astype(float))
    return minutes, recurring, table("downtime-clients", frame, COLUMNS)
