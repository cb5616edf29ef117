"""Client profitability: who makes money under which model, losing clients highlighted."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import (
    losing_rows,
    model_filter,
    period_filter,
    selected_model,
    table,
)

PATH = "/clients"
TITLE = "Client profitability"
COLUMNS = {
    "client_id": ("Client", "text"),
    "client_name": ("Name", "text"),
    "support_model": ("Support model", "text"),
    "months": ("Months", "count"),
    "revenue": ("Revenue", "money"),
    "total_cost": ("Total cost", "money"),
    "gross_margin": ("Gross margin", "money"),
    "gross_margin_pct": ("Gross margin %", "pct"),
    "labor_hours": ("Labour hours", "number"),
    "effective_hourly_rate": ("Effective hourly rate", "money"),
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
                            dcc.Input(id="clients-search", type="text", value="", debounce=True),
                        ],
                        className="filter",
                    ),
                ],
                className="filters",
            ),
            html.P("Rows shaded red lose money over the period.", className="note"),
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
    with queries.read_only(warehouse) as con:
        first, last = queries.period_bounds(con, period or "12")
        frame = queries.client_profitability(con, first, last, selected_model(model), search or "")
    # A client that changed model in the period has a row per model: count clients, not rows.
    losing = frame.loc[frame["gross_margin"] < 0, "client_id"].nunique()
    summary = (
        f"{frame['client_id'].nunique()} clients, {losing} losing money, "
        f"{first:%b %Y} to {last:%b %Y}"
    )
    frame = frame.assign(months=frame["months"].astype(float))
    return table(
        "clients-profitability", frame, COLUMNS, style_data_conditional=losing_rows()
    ), summary
