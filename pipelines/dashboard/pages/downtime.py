"""Downtime and recurring faults by support model, and the clients they cost most."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import inputs, queries
from pipelines.dashboard.components import (
    model_filter,
    monthly_figure,
    period_filter,
    period_months,
    period_words,
    selected_model,
    table,
    to_date_filter,
)
from pipelines.dashboard.data_date import data_date

PATH = "/downtime"
TITLE = "Downtime and recurring faults"
COLUMNS = {
    "client_id": ("Client id", "text"),
    "client_link": ("Client", "client"),
    "support_model": ("Support model", "model"),
    "downtime_minutes_per_month": ("Downtime (minutes per month)", "number"),
    "availability_pct": ("Availability %", "pct"),
    "estimated_downtime_cost": ("Estimated downtime cost", "money"),
    "faults": ("Faults", "count"),
    "recurring_fault_rate": ("Recurring fault %", "pct"),
}


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2(TITLE),
            html.Div(
                [
                    period_filter("downtime-period"),
                    model_filter("downtime-model"),
                    to_date_filter("downtime-to-date"),
                ],
                className="filters",
            ),
            html.P(id="downtime-period-text", className="note"),
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
        Output("downtime-period-text", "children"),
        Output("downtime-minutes", "figure"),
        Output("downtime-recurring", "figure"),
        Output("downtime-table", "children"),
        Input("downtime-period", "value"),
        Input("downtime-model", "value"),
        Input("downtime-to-date", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, period, model, show_to_date=None):
    """The page's content for its inputs; what a page view costs on the server."""
    model = selected_model(model)
    when = data_date(warehouse)
    months = period_months(when, period)
    running = when.running_month if inputs.flag(show_to_date) else None
    if months is None:
        months = (when.first_month, when.first_month)
    first, last = months
    with queries.read_only(warehouse) as con:
        by_model = queries.support_model_monthly(con, first, running or last)
        frame = queries.downtime_by_client(con, first, last, model)
    if model:
        by_model = by_model[by_model["support_model"] == model]
    minutes = monthly_figure(
        by_model,
        "downtime_minutes_per_client",
        "Downtime per client by month",
        "Downtime (minutes per client per month)",
        running_month=running,
        y_format=",.0f",
    )
    recurring = monthly_figure(
        by_model,
        "recurring_fault_rate",
        "Recurring faults by month",
        "Recurring faults (% of faults)",
        running_month=running,
        y_format=".1f",
    )
    frame = frame.assign(faults=frame["faults"].astype(float), client_link="")
    text = f"{period_words(months)}, complete months; the table covers complete months only."
    return text, minutes, recurring, table("downtime-clients", frame, COLUMNS)
