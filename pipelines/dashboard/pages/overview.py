"""Portfolio overview: revenue, cost and margin by support model over time."""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import kpi, line_chart, money, pct, period_filter

PATH = "/"
TITLE = "Portfolio overview"
CHARTS = {
    "revenue": "Revenue",
    "total_cost": "Total cost",
    "gross_margin": "Gross margin",
    "gross_margin_pct": "Gross margin %",
}


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2(TITLE),
            period_filter("overview-period", default="all"),
            html.Div(
                [
                    kpi("Revenue", "", "overview-revenue"),
                    kpi("Total cost", "", "overview-cost"),
                    kpi("Gross margin", "", "overview-margin"),
                    kpi("Gross margin %", "", "overview-margin-pct"),
                    kpi("Clients", "", "overview-clients"),
                ],
                className="kpis",
            ),
            html.Div(
                [dcc.Graph(id=f"overview-chart-{column}") for column in CHARTS], className="charts"
            ),
        ]
    )


def register(app, warehouse) -> None:
    app.callback(
        Output("overview-revenue", "children"),
        Output("overview-cost", "children"),
        Output("overview-margin", "children"),
        Output("overview-margin-pct", "children"),
        Output("overview-clients", "children"),
        *[Output(f"overview-chart-{column}", "figure") for column in CHARTS],
        Input("overview-period", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, period):
    """The page's content for its inputs; what a page view costs on the server."""
    with queries.read_only(warehouse) as con:
        first, last = queries.period_bounds(con, period or "all")
        totals = queries.portfolio_totals(con, first, last)
        by_model = queries.support_model_monthly(con, first, last)
    figures = [
        line_chart(by_model, "month", column, title, by="support_model")
        for column, title in CHARTS.items()
    ]
    return (
        money(totals["revenue"]),
        money(totals["total_cost"]),
        money(totals["gross_margin"]),
        pct(totals["gross_margin_pct"]),
        str(int(totals["clients"] or 0)),
        *figures,
    )
