"""Client drill-down: one client's health history, flags, margin and downtime."""

from __future__ import annotations

from urllib.parse import parse_qs

import plotly.express as px
from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import kpi, money, number, pct, table

PATH = "/client"
TITLE = "Client drill-down"
HEALTH_COLUMNS = {
    "week_start": ("Week", "text"),
    "support_model": ("Support model", "text"),
    "health_score": ("Health score", "number"),
    "availability_pct": ("Availability %", "pct"),
    "recurring_fault_rate": ("Recurring fault %", "pct"),
    "response_met_pct": ("Response SLA met %", "pct"),
    "gross_margin_pct": ("Gross margin %", "pct"),
    "tickets_per_seat": ("Tickets per seat", "number"),
    "flags": ("Flags", "text"),
}


def flags_text(flags) -> str:
    """Flags may be a list (varchar[]) or already text; show them as one line."""
    if flags is None or isinstance(flags, float):
        return ""
    if isinstance(flags, str):
        return flags
    return "; ".join(str(flag) for flag in flags)


def layout(warehouse, search: str = "") -> html.Div:
    choices = queries.clients(warehouse)
    options = [
        {"label": f"{row.client_name} ({row.client_id})", "value": row.client_id}
        for row in choices.itertuples()
    ]
    wanted = parse_qs(search.lstrip("?")).get("client_id", [None])[0]
    known = set(choices["client_id"])
    selected = wanted if wanted in known else (options[0]["value"] if options else None)
    return html.Div(
        [
            html.H2(TITLE),
            html.Div(
                [
                    html.Label("Client"),
                    dcc.Dropdown(options, selected, id="client-id", clearable=False),
                ],
                className="filter wide",
            ),
            html.Div(id="client-profile", className="kpis"),
            html.Div(id="client-flags"),
            html.Div(
                [dcc.Graph(id="client-health-chart"), dcc.Graph(id="client-monthly-chart")],
                className="charts",
            ),
            html.H3("Health, last 8 weeks"),
            html.Div(id="client-health-table"),
        ]
    )


def register(app, warehouse) -> None:
    @app.callback(
        Output("client-profile", "children"),
        Output("client-flags", "children"),
        Output("client-health-chart", "figure"),
        Output("client-monthly-chart", "figure"),
        Output("client-health-table", "children"),
        Input("client-id", "value"),
    )
    def show(client_id):
        profile = queries.client_profile(warehouse, client_id or "")
        if profile.empty:
            empty = px.line(title="No client selected")
            return [html.P("Unknown client.")], "", empty, empty, ""
        client = profile.iloc[0]
        health = queries.client_health(warehouse, client_id)
        monthly = queries.client_monthly(warehouse, client_id)
        latest = health.iloc[-1] if len(health) else None
        cards = [
            kpi("Client", f"{client['client_name']} ({client_id})", "client-name"),
            kpi("Support model", str(client["current_support_model"]), "client-model"),
            kpi("Seats", str(client["seats"]), "client-seats"),
            kpi(
                "Health score",
                number(latest["health_score"] if latest is not None else None),
                "client-score",
            ),
            kpi("Gross margin, all months", money(monthly["gross_margin"].sum()), "client-margin"),
            kpi("Margin %, all months", pct(_margin_pct(monthly)), "client-margin-pct"),
        ]
        flags = flags_text(latest["flags"]) if latest is not None else ""
        advice = [
            html.P(
                [
                    html.Strong("Flags this week: "),
                    html.Span(flags or "none", id="client-flag-list"),
                ]
            ),
            html.P(
                [
                    html.Strong("Recommendation: "),
                    str(latest["recommendation"]) if latest is not None else "–",
                ]
            ),
        ]
        health_chart = px.line(
            health, x="week_start", y="health_score", title="Weekly health score", markers=True
        )
        health_chart.update_yaxes(range=[0, 100])
        monthly_chart = px.bar(
            monthly,
            x="month",
            y="gross_margin",
            color="support_model",
            title="Gross margin by month",
        )
        recent = (
            health.tail(8)
            .iloc[::-1]
            .assign(
                week_start=lambda f: f["week_start"].astype(str),
                flags=lambda f: f["flags"].map(flags_text),
            )
        )
        return (
            cards,
            advice,
            health_chart,
            monthly_chart,
            table("client-health", recent, HEALTH_COLUMNS),
        )


def _margin_pct(monthly) -> float | None:
    revenue = monthly["revenue"].sum()
    return None if revenue == 0 else 100 * monthly["gross_margin"].sum() / revenue
