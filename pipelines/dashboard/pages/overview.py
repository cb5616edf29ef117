"""Portfolio overview: which support model pays, who is at risk, every client's margin by month.

The answer first: a summary per support model over complete months, set against the
margin target; the running month apart, "to date"; then the at-risk list and a client x
month margin heatmap. Every client name links to the client's page.
"""

from __future__ import annotations

import html as html_text

import pandas as pd
from dash import Input, Output, dcc, html, no_update

from pipelines.dashboard import at_risk, inputs, queries
from pipelines.dashboard.components import (
    MODEL_COLOURS,
    base_layout,
    client_href,
    client_link,
    month_axis,
    monthly_figure,
    period_filter,
    period_months,
    period_words,
    table,
    target_label,
    target_line,
    to_date_filter,
)
from pipelines.dashboard.data_date import data_date
from pipelines.dashboard.formats import currency, currency_prefix, model_words, pct
from pipelines.dashboard.targets import target_margin_pct

PATH = "/"
TITLE = "Portfolio overview"
SUMMARY_COLUMNS = {
    "model": ("Support model", "text"),
    "clients": ("Clients", "count"),
    "seats": ("Seats", "count"),
    "revenue": ("Revenue", "money"),
    "total_cost": ("Cost", "money"),
    "gross_margin": ("Margin", "money"),
    "gross_margin_pct": ("Margin %", "pct"),
    "vs_target": ("Margin % vs target", "points"),
    "effective_hourly_rate": ("Effective rate per hour", "money"),
    "revenue_per_seat_month": ("Revenue per seat per month", "money"),
    "margin_per_seat_month": ("Margin per seat per month", "money"),
}
TO_DATE_COLUMNS = {
    key: SUMMARY_COLUMNS[key]
    for key in ("model", "clients", "revenue", "total_cost", "gross_margin", "gross_margin_pct")
}
# Heatmap colours: losing money red, below target amber, at or above target green.
HEATMAP_LOW, HEATMAP_HIGH = -50.0, 100.0


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2("Which support model pays"),
            html.Div(
                [period_filter("overview-period"), to_date_filter("overview-to-date")],
                className="filters",
            ),
            html.P(id="overview-summary-title", className="note"),
            html.Div(id="overview-summary"),
            html.Div(id="overview-running", className="to-date-block"),
            html.Div(
                [dcc.Graph(id="overview-model-margin"), dcc.Graph(id="overview-margin-trend")],
                className="charts",
            ),
            html.H3("At risk"),
            at_risk_section(warehouse),
            html.H3("Margin by client and month"),
            html.P(
                "Each cell is a client's gross margin % in a month: red loses money, amber is "
                "below the target, green meets it. Worst clients first; click a name or a cell "
                "to open the client.",
                className="note",
            ),
            html.Div(dcc.Graph(id="overview-heatmap"), className="heatmap-box"),
        ]
    )


def at_risk_section(warehouse) -> html.Div:
    """The at-risk list for the last complete week (it does not depend on the period)."""
    found = at_risk.at_risk(warehouse)
    notes = [html.P(note, className="note") for note in found.notes]
    if found.rows.empty:
        body = html.P("No client is at risk this week.", id="at-risk-empty")
    else:
        body = html.Table(
            [
                html.Thead(
                    html.Tr([html.Th(h) for h in ("Client", "Support model", "Why", "Figures")])
                ),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(client_link(row.client_id, row.client_name)),
                                html.Td(model_words(row.support_model)),
                                html.Td(row.reason),
                                html.Td(row.detail),
                            ],
                            **{"data-client-id": row.client_id, "data-reason": row.reason_code},
                        )
                        for row in found.rows.itertuples()
                    ]
                ),
            ],
            className="at-risk",
        )
        body = html.Div(body, className="at-risk-box")
    return html.Div([html.P(found.heading, className="note"), body, *notes], id="at-risk")


def register(app, warehouse) -> None:
    app.callback(
        Output("overview-summary-title", "children"),
        Output("overview-summary", "children"),
        Output("overview-running", "children"),
        Output("overview-model-margin", "figure"),
        Output("overview-margin-trend", "figure"),
        Output("overview-heatmap", "figure"),
        Input("overview-period", "value"),
        Input("overview-to-date", "value"),
    )(lambda *values: render(warehouse, *values))
    app.callback(
        Output("url", "href"),
        Input("overview-heatmap", "clickData"),
        prevent_initial_call=True,
    )(open_clicked_client)


def open_clicked_client(click):
    """A heatmap cell clicked opens its client's page."""
    try:
        client_id = inputs.identifier(click["points"][0]["y"])
    except (TypeError, KeyError, IndexError):
        client_id = None
    return client_href(client_id) if client_id else no_update


def render(warehouse, period, show_to_date):
    """The page's content for its inputs; what a page view costs on the server."""
    when = data_date(warehouse)
    months = period_months(when, period)
    show_to_date = inputs.flag(show_to_date)
    running = when.running_month
    target = target_margin_pct()
    first, last = months if months else (when.first_month, when.first_month)
    chart_last = running if (show_to_date and running) else last
    with queries.read_only(warehouse) as con:
        summary = queries.model_summary(con, first, last) if months else None
        to_date = queries.model_summary(con, running, running) if running else None
        monthly = queries.support_model_monthly(con, first, chart_last)
        heat = queries.margin_heatmap(con, first, chart_last, currency_prefix(), running)
    if not months:
        monthly, heat = monthly.iloc[0:0], heat.iloc[0:0]
    title = (
        f"{period_words(months)}, complete months only. Target gross margin {target:.1f}% "
        "(dbt var target_margin_pct)."
    )
    return (
        title,
        summary_table(summary, target),
        to_date_block(to_date, running, when),
        model_margin_figure(summary, target, period_words(months)),
        monthly_figure(
            monthly,
            "gross_margin_pct",
            "Gross margin % by month",
            "Gross margin (%)",
            running_month=running if show_to_date else None,
            target=target,
            y_format=".1f",
        ),
        heatmap_figure(heat, target),
    )


def _shown(summary: pd.DataFrame, target: float) -> pd.DataFrame:
    return summary.assign(
        model=[
            "All models" if code == "all" else model_words(code)
            for code in summary["support_model"]
        ],
        vs_target=summary["gross_margin_pct"] - target,
    )


def summary_table(summary: pd.DataFrame | None, target: float):
    if summary is None or summary.empty:
        return html.P("No complete month in the data yet.", id="overview-summary-empty")
    return table(
        "overview-models",
        _shown(summary, target),
        SUMMARY_COLUMNS,
        sort_action="none",
        style_data_conditional=[
            {
                "if": {
                    "filter_query": "{vs_target} < 0",
                    "column_id": ["gross_margin_pct", "vs_target"],
                },
                "backgroundColor": "#fdecc8",
            },
            {
                "if": {
                    "filter_query": "{gross_margin} < 0",
                    "column_id": ["gross_margin", "gross_margin_pct"],
                },
                "backgroundColor": "#fde2e1",
            },
            {"if": {"filter_query": '{model} = "All models"'}, "fontWeight": "bold"},
        ],
    )


def to_date_block(to_date: pd.DataFrame | None, running, when):
    if to_date is None or to_date.empty:
        return ""
    return [
        html.H4(
            f"{running:%B %Y} to date (to {when.as_of.day} {when.as_of:%b}): not a complete month",
            id="overview-running-title",
        ),
        html.P(
            "Not in the figures above: break-fix work is invoiced in arrears and fees may not "
            "be billed yet, so a running month's margin reads low.",
            className="note",
        ),
        table("overview-to-date-table", _shown(to_date, 0.0), TO_DATE_COLUMNS, sort_action="none"),
    ]


def model_margin_figure(summary: pd.DataFrame | None, target: float, period_text: str) -> dict:
    layout = base_layout(
        f"Gross margin % by support model, {period_text}", "Gross margin (%)", ".1f"
    )
    layout["xaxis"] = {**layout["xaxis"], "title": {"text": "Support model"}}
    layout["shapes"] = [target_line(target)]
    layout["annotations"] = [target_label(target)]
    layout["showlegend"] = False
    if summary is None or summary.empty:
        return {"data": [], "layout": layout}
    models = summary[summary["support_model"] != "all"]
    values = models["gross_margin_pct"].astype(float)
    trace = {
        "type": "bar",
        "x": [model_words(code) for code in models["support_model"]],
        "y": values.where(values.notna(), None).tolist(),
        "marker": {
            "color": [MODEL_COLOURS.get(code, "#7f7f7f") for code in models["support_model"]]
        },
        "text": [pct(value) for value in values],
        "textposition": "outside",
        "hovertemplate": "%{x}: %{y:.1f}%<extra></extra>",
    }
    return {"data": [trace], "layout": layout}


def heatmap_figure(heat: pd.DataFrame, target: float) -> dict:
    order = list(dict.fromkeys(heat["client_id"]))  # worst period margin first
    names = heat.drop_duplicates("client_id").set_index("client_id")["client_name"]
    months = sorted(set(heat["month"]))
    grid = heat.pivot(index="client_id", columns="month", values="gross_margin_pct").reindex(
        index=order, columns=months
    )
    hover = heat.pivot(index="client_id", columns="month", values="hover").reindex(
        index=order, columns=months
    )
    code = currency()
    low, high = HEATMAP_LOW, max(HEATMAP_HIGH, target + 10)
    zero, goal = (0 - low) / (high - low), (target - low) / (high - low)
    trace = {
        "type": "heatmap",
        "x": [str(month) for month in months],
        "y": order,
        "z": grid.astype(float).where(grid.notna(), None).values.tolist(),
        "zmin": low,
        "zmax": high,
        "colorscale": [
            [0, "#b91c1c"],
            [zero, "#fca5a5"],
            [min(1, zero + 0.0001), "#fde68a"],
            [goal, "#fbbf24"],
            [min(1, goal + 0.0001), "#bbf7d0"],
            [1, "#15803d"],
        ],
        # A fixed-size colour bar at the top: a long list of clients scrolls in its box.
        "colorbar": {
            "title": {"text": "Margin (%)"},
            "ticksuffix": "%",
            "lenmode": "pixels",
            "len": 260,
            "y": 1,
            "yanchor": "top",
        },
        "text": hover.astype(object).where(hover.notna(), "").values.tolist(),
        "hovertemplate": "%{text}<extra></extra>",
        "xgap": 1,
        "ygap": 1,
    }
    layout = base_layout(
        f"Gross margin % by client and month (target {target:.1f}%, {code})", "Client"
    )
    layout["height"] = max(320, 22 * len(order) + 140)
    layout["margin"] = {"t": 48, "l": 220, "r": 16, "b": 48}
    if months:
        layout["xaxis"] = {**month_axis(months), "side": "top", "title": {"text": "Month"}}
    # The title above the month axis (drawn on top), not over it: pinned in pixels.
    layout["title"] = {
        "text": layout["title"]["text"],
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 8},
    }
    layout["margin"]["t"] = 110
    layout["yaxis"] = {
        "title": {"text": "Client"},
        "autorange": "reversed",
        "tickmode": "array",
        "tickvals": order,
        "ticktext": [
            f'<a href="{client_href(cid)}" target="_self">{html_text.escape(str(names[cid]))}</a>'
            for cid in order
        ],
        "type": "category",
    }
    return {"data": [trace] if order else [], "layout": layout}
