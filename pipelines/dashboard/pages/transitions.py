"""Support model transitions: did moving a client change its downtime, faults and margin?"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import table

PATH = "/transitions"
TITLE = "Support model transitions"
# Before/after pairs of marts.fct_support_model_transitions, as (heading, kind).
MEASURES = {
    "downtime_minutes_per_month": ("Downtime min/month", "number"),
    "recurring_fault_rate": ("Recurring fault %", "pct"),
    "tickets_per_seat": ("Tickets per seat", "number"),
    "gross_margin_pct": ("Gross margin %", "pct"),
}
TO_MODELS = [
    {"label": "All moves", "value": "all"},
    {"label": "To managed", "value": "managed"},
    {"label": "To hybrid", "value": "hybrid"},
    {"label": "To break-fix", "value": "break_fix"},
]


def _columns() -> dict[str, tuple[str, str]]:
    columns = {
        "client_id": ("Client", "text"),
        "client_name": ("Name", "text"),
        "from_model": ("From", "text"),
        "to_model": ("To", "text"),
        "changed_on": ("Changed on", "text"),
        "months_compared": ("Months compared", "number"),
    }
    for measure, (heading, kind) in MEASURES.items():
        columns[f"{measure}_before"] = (f"{heading} before", kind)
        columns[f"{measure}_after"] = (f"{heading} after", kind)
    return columns


def layout(warehouse, search: str = "") -> html.Div:
    return html.Div(
        [
            html.H2(TITLE),
            html.P(
                "Each move compares the same number of months before and after the change.",
                className="note",
            ),
            html.Div(
                [
                    html.Label("Move"),
                    dcc.RadioItems(TO_MODELS, "all", id="transitions-to", inline=True),
                ],
                className="filter",
            ),
            html.Div(id="transitions-summary"),
            dcc.Graph(id="transitions-downtime"),
            html.Div(id="transitions-table"),
        ]
    )


def register(app, warehouse) -> None:
    @app.callback(
        Output("transitions-summary", "children"),
        Output("transitions-downtime", "figure"),
        Output("transitions-table", "children"),
        Input("transitions-to", "value"),
    )
    def show(to_model):
        frame = queries.transitions(warehouse, None if to_model in (None, "all") else to_model)
        frame = frame.assign(
            changed_on=frame["changed_on"].astype(str),
            months_compared=frame["months_compared"].astype(float),
        )
        before = frame["downtime_minutes_per_month_before"].mean()
        after = frame["downtime_minutes_per_month_after"].mean()
        summary = (
            f"{len(frame)} moves; average downtime {before:,.1f} min/month before, {after:,.1f} after"
            if len(frame)
            else "No support model changes in the warehouse."
        )
        moves = frame.assign(move=frame["from_model"] + " → " + frame["to_model"]).groupby("move")
        figure = go.Figure(
            [
                go.Bar(
                    name="Before",
                    x=list(moves.groups),
                    y=moves["downtime_minutes_per_month_before"].mean(),
                ),
                go.Bar(
                    name="After",
                    x=list(moves.groups),
                    y=moves["downtime_minutes_per_month_after"].mean(),
                ),
            ],
            layout={
                "title": "Average downtime minutes per month, before and after",
                "barmode": "group",
            },
        )
        return summary, figure, table("transitions-clients", frame, _columns())
