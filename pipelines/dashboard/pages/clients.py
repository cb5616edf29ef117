"""Client profitability: who makes money under which model, losing clients highlighted."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import inputs, queries
from pipelines.dashboard.components import (
    losing_rows,
    model_filter,
    period_filter,
    period_months,
    period_words,
    selected_model,
    table,
)
from pipelines.dashboard.data_date import data_date

PATH = "/clients"
TITLE = "Client profitability"
COLUMNS = {
    "client_id": ("Client id", "text"),
    "client_link": ("Client", "client"),
    "support_model": ("Support model", "model"),
    "months": ("Months", "count"),
    "revenue": ("Revenue", "money"),
    "total_cost": ("Total cost", "money"),
    "gross_margin": ("Gross margin", "money"),
    "gross_margin_pct": ("Gross margin %", "pct"),
    "labor_hours": ("Labour hours", "number"),
    "effective_hourly_rate": ("Effective rate per hour", "money"),
    "health_score": ("Health score this week", "number"),
}


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2(TITLE),
            html.Div(
                [
                    period_filter("clients-period"),
                    model_filter("clients-model"),
                    html.Div(
                        [
                            html.Label("Client name", htmlFor="clients-search"),
                            # Filters as you type: every keystroke is a (cheap) query.
                            dcc.Input(
                                id="clients-search",
                                type="search",
                                value="",
                                debounce=False,
                                placeholder="type to filter",
                            ),
                        ],
                        className="filter",
                    ),
                ],
                className="filters",
            ),
            html.P(
                "Complete months only. Rows shaded red lose money over the period. Health is the "
                "score of the last complete week.",
                className="note",
            ),
            html.Div(id="clients-summary"),
            html.Div(id="clients-table"),
        ]
    )


def register(app, warehouse) -> None:
    app.callback(
        Output("clients-table", "children"),
        Output("clients-summary", "children"),
        Input("clients-period", "value"),
        Input("clients-model", "value"),
        Input("clients-search", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, period, model, search):
    """The page's content for its inputs; what a page view costs on the server."""
    when = data_date(warehouse)
    months = period_months(when, period)
    if months is None:
        return "", "No complete month in the data yet."
    week = when.this_week
    with queries.read_only(warehouse) as con:
        frame = queries.client_profitability(
            con,
            *months,
            selected_model(model),
            inputs.text(search),
            week.start if week else None,
        )
    # A client that changed model in the period has a row per model: count clients, not rows.
    losing = frame.loc[frame["gross_margin"] < 0, "client_id"].nunique()
    summary = (
        f"{frame['client_id'].nunique()} clients, {losing} losing money, {period_words(months)}"
    )
    frame = frame.assign(months=frame["months"].astype(float), client_link="")
    return table(
        "clients-profitability", frame, COLUMNS, style_data_conditional=losing_rows()
    ), summary
