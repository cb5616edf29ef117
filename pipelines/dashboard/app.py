"""The leadership dashboard: a Dash app reading the published warehouse, read-only."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from dash import Dash, Input, Output, dcc, html

from pipelines.dashboard import inputs
from pipelines.dashboard.data_date import DataDate, data_date
from pipelines.dashboard.formats import day_name, moment

# The pages, in the navigation's order: each is a module of pipelines/dashboard/pages with
# PATH, TITLE, layout(warehouse, search) and register(app, warehouse). Add a page in one line.
PAGE_MODULES = [
    "overview",
    "clients",
    "downtime",
    "transitions",
    "model_pays",
    "client",
]


def pages() -> list:
    return [importlib.import_module(f"pipelines.dashboard.pages.{name}") for name in PAGE_MODULES]


def create_app(warehouse_path: str | os.PathLike) -> Dash:
    """A Dash app over `warehouse_path` (normally the published copy). Assets are served locally."""
    warehouse = Path(warehouse_path)
    if not warehouse.exists():
        raise FileNotFoundError(f"No warehouse at {warehouse}: run `msp-insights build` first.")
    app = Dash(
        __name__,
        title="MSP Portfolio Insights",
        serve_locally=True,
        suppress_callback_exceptions=True,  # page components appear only when their page is shown
        assets_folder=str(Path(__file__).parent / "assets"),
    )
    all_pages = pages()
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.Header(
                [
                    html.H1("MSP Portfolio Insights"),
                    html.Nav([dcc.Link(page.TITLE, href=page.PATH) for page in all_pages]),
                ]
            ),
            html.Div(id="as-of-banner", className="as-of"),
            html.Main(id="page"),
        ]
    )

    @app.callback(
        Output("page", "children"),
        Output("as-of-banner", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def route(pathname, search):
        pathname, search = inputs.text(pathname), inputs.text(search, 1000)
        banner = as_of_banner(data_date(warehouse))
        for page in all_pages:
            if pathname == page.PATH:
                return page.layout(warehouse, search), banner
        return html.P(f"No page at {pathname}.", id="no-page"), banner

    for page in all_pages:
        page.register(app, warehouse)
    return app


def as_of_banner(when: DataDate) -> list:
    """What every page says first: the data's date, the last build, what is still running."""
    if when.as_of is None:
        return [html.Strong("No data yet: the warehouse holds no events or tickets.")]
    newest = [
        ("monitoring event", when.newest_event),
        ("ticket", when.newest_ticket),
        ("time entry", when.newest_time_entry),
    ]
    parts = [
        html.Span(
            [html.Strong("Data as of "), html.Strong(moment(when.as_of), id="as-of-time")],
        ),
        html.Span(
            "Newest "
            + ", ".join(f"{kind} {moment(value)}" for kind, value in newest if value is not None)
            + ".",
            id="as-of-newest",
        ),
        html.Span(
            f"Last build {moment(when.last_build)}." if when.last_build else "Last build unknown.",
            id="as-of-build",
        ),
    ]
    running = []
    if when.running_month is not None:
        running.append(
            f"{when.running_month:%B %Y} is shown to date (to {day_name(when.as_of)})"
            " and left out of trend lines unless you ask for it"
        )
    week = when.this_week
    if week is not None:
        running.append(
            f'"this week" is {week} ({day_name(week.start)} to {day_name(week.last_day)}),'
            " the last complete week, as in the weekly reports"
        )
    if running:
        parts.append(html.Span("; ".join(running) + ".", id="as-of-running"))
    return parts


def run_dashboard(
    warehouse_path: str | os.PathLike, host: str = "127.0.0.1", port: int = 8050
) -> None:
    create_app(warehouse_path).run(host=host, port=port, debug=False)
