"""Support model switches: did moving a client change its downtime and margin, or is it chance?

A change of support model counts as a switch only when the client had another model before
(a first agreement is not a switch) and has at least one whole month on each side; the
others are listed apart with the reason. Each kind of switch (e.g. break-fix to managed)
is judged on its own, clients as the unit (pipelines/dashboard/switches.py).
"""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import inputs, queries, switches
from pipelines.dashboard.components import (
    MODEL_CHOICES,
    base_layout,
    client_link,
    selected_model,
    table,
)
from pipelines.dashboard.formats import model_words, number, pct

PATH = "/transitions"
TITLE = "Support model transitions"
# (before column, after column, what it is, how to show a value, its unit, a change's unit)
MEASURES = {
    "downtime": (
        "downtime_minutes_per_month_before",
        "downtime_minutes_per_month_after",
        "Downtime",
        lambda v: number(v, 0),
        "minutes a month",
        " minutes a month",
    ),
    "margin": (
        "gross_margin_pct_before",
        "gross_margin_pct_after",
        "Gross margin",
        lambda v: pct(v),
        "% of revenue",
        " percentage points",
    ),
}
SWITCH_COLUMNS = {
    "client_id": ("Client id", "text"),
    "client_link": ("Client", "client"),
    "move": ("Switch", "text"),
    "changed_on": ("Changed on", "text"),
    "months_compared": ("Months each side", "count"),
    "downtime_minutes_per_month_before": ("Downtime before (min/month)", "number"),
    "downtime_minutes_per_month_after": ("Downtime after (min/month)", "number"),
    "gross_margin_pct_before": ("Margin % before", "pct"),
    "gross_margin_pct_after": ("Margin % after", "pct"),
}
MORE_COLUMNS = {
    "client_id": ("Client id", "text"),
    "move": ("Switch", "text"),
    "gross_margin_per_month_before": ("Margin per month before", "money"),
    "gross_margin_per_month_after": ("Margin per month after", "money"),
    "recurring_fault_rate_before": ("Recurring fault % before", "pct"),
    "recurring_fault_rate_after": ("Recurring fault % after", "pct"),
    "tickets_per_seat_per_month_before": ("Tickets per seat per month before", "number"),
    "tickets_per_seat_per_month_after": ("Tickets per seat per month after", "number"),
}
TO_MODELS = [{"label": "All switches", "value": "all"}] + [
    {"label": f"To {option['label'].lower()}", "value": option["value"]}
    for option in MODEL_CHOICES
    if option["value"] != "all"
]


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2(TITLE),
            html.P(
                "A switch counts when the client had another support model before and has at "
                "least one whole month on each side; up to 6 months before and after are "
                "compared, the same number on each side. Each client weighs once.",
                className="note",
            ),
            html.Div(
                [
                    html.Label("Switch"),
                    dcc.RadioItems(TO_MODELS, "all", id="transitions-to", inline=True),
                ],
                className="filter",
            ),
            html.Div(id="transitions-caveat"),
            html.Div(id="transitions-verdicts"),
            html.Div(id="transitions-table"),
            html.Div(id="transitions-not-counted"),
            html.Details(
                [
                    html.Summary(
                        "Margin per month, recurring faults and tickets per seat, before and after"
                    ),
                    html.Div(id="transitions-more"),
                ]
            ),
            dcc.Graph(id="transitions-downtime"),
        ]
    )


def register(app, warehouse) -> None:
    app.callback(
        Output("transitions-caveat", "children"),
        Output("transitions-verdicts", "children"),
        Output("transitions-table", "children"),
        Output("transitions-not-counted", "children"),
        Output("transitions-more", "children"),
        Output("transitions-downtime", "figure"),
        Input("transitions-to", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, to_model):
    """The page's content for its inputs; what a page view costs on the server."""
    with queries.read_only(warehouse) as con:
        frame = queries.transitions(con, selected_model(inputs.text(to_model)))
    frame = frame.assign(
        changed_on=frame["changed_on"].astype(str),
        months_compared=frame["months_compared"].astype(float),
        move=[
            f"{model_words(a)} → {model_words(b)}"
            for a, b in zip(frame["from_model"], frame["to_model"], strict=True)
        ],
        client_link="",
    )
    counted = frame[frame["counted"]]
    return (
        caveat(counted),
        verdicts(counted),
        table("transitions-clients", counted, SWITCH_COLUMNS, page_size=10),
        not_counted(frame[~frame["counted"]]),
        table("transitions-more-table", counted, MORE_COLUMNS, page_size=10),
        downtime_figure(counted),
    )


def caveat(counted) -> html.Div | str:
    n = len(counted)
    if n == 0:
        return html.P("No switch of this kind in the data.", id="transitions-summary")
    text = f"{n} switch{'es' if n != 1 else ''} by {counted['client_id'].nunique()} clients."
    if n < switches.MIN_SWITCHES:
        text += (
            f" Fewer than {switches.MIN_SWITCHES} switches: too few to draw a conclusion, and "
            "one client can dominate the averages."
        )
        return html.P(text, id="transitions-summary", className="caveat")
    return html.P(text, id="transitions-summary")


def verdicts(counted):
    if counted.empty:
        return ""
    rows = []
    for move, group in counted.groupby("move", sort=True):
        cells = [
            html.Td(move),
            html.Td(str(len(group))),
            html.Td(str(group["client_id"].nunique())),
        ]
        for before, after, _label, show, _unit, change_unit in MEASURES.values():
            found = switches.difference(switches.per_client_changes(group, before, after))
            cells += [
                html.Td(show(found.mean_before)),
                html.Td(show(found.mean_after)),
                html.Td(verdict_words(found, change_unit), className="verdict"),
            ]
        rows.append(html.Tr(cells))
    heads = ["Switch", "Switches", "Clients"]
    for _before, _after, label, _show, unit, _change_unit in MEASURES.values():
        heads += [f"{label} before ({unit})", f"{label} after", f"{label}: what changed"]
    return html.Table(
        [html.Thead(html.Tr([html.Th(h) for h in heads])), html.Tbody(rows)],
        className="verdicts",
        id="transitions-verdict-table",
    )


def verdict_words(found: switches.Difference, unit: str) -> str:
    if found.clients == 0:
        return "not measured"
    change = found.mean_change
    direction = "rose" if change > 0 else "fell" if change < 0 else "did not change"
    amount = f" by {number(abs(change))}{unit}" if change else ""
    if found.clients < 2:
        return f"{direction}{amount} for one client: a single case, not evidence"
    interval = f"95% interval of the change {number(found.low)} to {number(found.high)}"
    if found.could_be_chance:
        return (
            f"{direction}{amount} on average, but this could be chance "
            f"({interval}; p = {found.p_value:.2f})"
        )
    p_text = "p < 0.001" if found.p_value < 0.001 else f"p = {found.p_value:.3f}"
    return f"{direction}{amount} on average, unlikely to be chance ({interval}; {p_text})"


def not_counted(others) -> html.Div | str:
    if others.empty:
        return ""
    items = [
        html.Li(
            [
                client_link(row.client_id, row.client_name),
                f": {row.move} on {row.changed_on}, not counted ({row.not_counted_because})",
            ]
        )
        for row in others.itertuples()
    ]
    return html.Div(
        [
            html.P(f"{len(others)} change(s) of support model not counted as switches:"),
            html.Ul(items),
        ],
        className="note",
    )


def downtime_figure(counted) -> dict:
    layout = base_layout(
        "Downtime before and after, mean per client", "Downtime (minutes per month)", ",.0f"
    )
    layout["xaxis"] = {**layout["xaxis"], "title": {"text": "Switch"}}
    layout["barmode"] = "group"
    if counted.empty:
        return {"data": [], "layout": layout}
    names, before, after = [], [], []
    for move, group in counted.groupby("move", sort=True):
        found = switches.per_client_changes(
            group, "downtime_minutes_per_month_before", "downtime_minutes_per_month_after"
        )
        names.append(move)
        before.append(None if found.empty else float(found["before"].mean()))
        after.append(None if found.empty else float(found["after"].mean()))
    return {
        "data": [
            {
                "type": "bar",
                "name": "Before",
                "x": names,
                "y": before,
                "marker": {"color": "#ff7f0e"},
            },
            {
                "type": "bar",
                "name": "After",
                "x": names,
                "y": after,
                "marker": {"color": "#1f77b4"},
            },
        ],
        "layout": layout,
    }
