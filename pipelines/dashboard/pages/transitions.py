"""Support model transitions: did moving a client change its downtime, faults and margin?"""

from __future__ import annotations

from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import bar_chart, table

PATH = "/transitions"
TITLE = "Support model transitions"
# Before/after pairs of marts.fct_support_model_transitions, as (heading, kind).
MEASURES = {
    "downtime_minutes_per_month": ("Downtime min/month", "number"),
    "recurring_fault_rate": ("Recurring fault %", "pct"),
    "tickets_per_seat_per_month": ("Tickets per seat per month", "number"),
    "gross_margin_pct": ("Gross margin %", "pct"),
    "gross_margin_per_month": ("Gross margin per month", "money"),
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
        "months_compared": ("Months compared", "count"),
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
    app.callback(
        Output("transitions-summary", "children"),
        Output("transitions-downtime", "figure"),
        Output("transitions-table", "children"),
        Input("transitions-to", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, to_model):
    """The page's content for its inputs; what a page view costs on the server."""
    with queries.read_only(warehouse) as con:
        frame = queries.transitions(con, None if to_model in (None, "all") else to_model)
    frame = frame.assign(
        changed_on=frame["changed_on"].astype(str),
        months_compared=frame["months_compared"].astype(float),
    )
    before = frame["downtime_minutes_per_month_before"].mean()
    after = frame["downtime_minutes_per_month_after"].mean()
    summary = (
        f"{len(frame)} moves; average downtime {before:,.1f} min/month before, {after:,.1f} after"
        if len(frame)
        else "No moves of this kind."
    )
    moves = (
        frame.assign(move=frame["from_model"] + " → " + frame["to_model"])
        .groupby("move")[["downtime_minutes_per_month_before", "downtime_minutes_per_month_after"]]
        .mean()
    )
    figure = bar_chart(
        list(moves.index),
        {
            "Before": moves["downtime_minutes_per_month_before"].tolist(),
            "After": moves["downtime_minutes_per_month_after"].tolist(),
        },
        "Average downtime minutes per month, before and after",
    )
    return summary, figure, table("transitions-clients", frame, _columns())
