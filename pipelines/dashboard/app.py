"""The leadership dashboard: a Dash app reading the published warehouse, read-only."""

from __future__ import annotations

import os
from pathlib import Path

from dash import Dash, Input, Output, dcc, html

from pipelines.dashboard.pages import client, clients, downtime, model_pays, overview, transitions

PAGES = [overview, clients, downtime, transitions, model_pays, client]


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
    app.layout = html.Div(
        [
            dcc.Location(id="url"),
            html.Header(
                [
                    html.H1("MSP Portfolio Insights"),
                    html.Nav([dcc.Link(page.TITLE, href=page.PATH) for page in PAGES]),
                ]
            ),
            html.Main(id="page"),
        ]
    )

    @app.callback(Output("page", "children"), Input("url", "pathname"), Input("url", "search"))
    def route(pathname, search):
        for page in PAGES:
            if pathname == page.PATH:
                return page.layout(warehouse, search or "")
        return html.P(f"No page at {pathname}.")

    for page in PAGES:
        page.register(app, warehouse)
    return app


def run_dashboard(
    warehouse_path: str | os.PathLike, host: str = "127.0.0.1", port: int = 8050
) -> None:
    create_app(warehouse_path).run(host=host, port=port, debug=False)
