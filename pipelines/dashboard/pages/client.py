"""Client drill-down: one client's health history, flags, margin and downtime."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import Input, Output, dcc, html

from pipelines.dashboard import queries
from pipelines.dashboard.components import kpi, line_chart, money, number, pct, table

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


# marts.fct_client_health_weekly.flags holds `;`-separated codes; leadership reads sentences.
FLAG_WORDING = {
    "managed_losing_money": "managed client losing money",
    "break_fix_downtime_over_managed_fee": "break-fix downtime costs more than a managed fee would",
    "recurring_faults_same_device": "recurring faults on the same device",
    "sla_breaches_rising": "SLA breaches rising",
}


def flags_text(flags) -> str:
    """The week's flags as one readable line ('' when none); unknown codes are shown as they are."""
    if flags is None or isinstance(flags, float):
        return ""
    codes = flags.split(";") if isinstance(flags, str) else list(flags)
    return "; ".join(FLAG_WORDING.get(code.strip(), code.strip()) for code in codes if code.strip())


def client_label(name: str, client_id: str) -> str:
    """Name and id, once: some exports already put the id in the name."""
    return name if client_id in name else f"{name} ({client_id})"


def layout(warehouse, search: str = "") -> html.Div:
    with queries.read_only(warehouse) as con:
        choices = queries.clients(con)
    options = [
        {"label": client_label(row.client_name, row.client_id), "value": row.client_id}
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
    app.callback(
        Output("client-profile", "children"),
        Output("client-flags", "children"),
        Output("client-health-chart", "figure"),
        Output("client-monthly-chart", "figure"),
        Output("client-health-table", "children"),
        Input("client-id", "value"),
    )(lambda *values: render(warehouse, *values))


def render(warehouse, client_id):
    """The page's content for its inputs; what a page view costs on the server."""
    with queries.read_only(warehouse) as con:
        profile = queries.client_profile(con, client_id or "")
        health = queries.client_health(con, client_id or "")
        monthly = queries.client_monthly(con, client_id or "")
    if profile.empty:
        empty = line_chart(health, "week_start", "health_score", "No client selected")
        return [html.P("Unknown client.")], "", empty, empty, ""
    client = profile.iloc[0]
    latest = health.iloc[-1] if len(health) else None
    cards = [
        kpi("Client", client_label(client["client_name"], client_id), "client-name"),
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
    health_chart = line_chart(health, "week_start", "health_score", "Weekly health score")
    health_chart["layout"]["yaxis"] = {**health_chart["layout"]["yaxis"], "range": [0, 100]}
    monthly_chart = line_chart(
        monthly, "month", "gross_margin", "Gross margin by month", by="support_model", bars=True
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
