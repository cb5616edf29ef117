"""Shared pieces of the dashboard's pages: number formats, filters, tables."""

from __future__ import annotations

import math

import pandas as pd
from dash import dash_table, dcc, html
from dash.dash_table.Format import Format, Group, Scheme, Symbol

PERIODS = [
    {"label": "Last 3 months", "value": "3"},
    {"label": "Last 6 months", "value": "6"},
    {"label": "Last 12 months", "value": "12"},
    {"label": "All months", "value": "all"},
]
MODEL_CHOICES = [
    {"label": "All models", "value": "all"},
    {"label": "Managed", "value": "managed"},
    {"label": "Hybrid", "value": "hybrid"},
    {"label": "Break-fix", "value": "break_fix"},
]
LOSS_COLOUR = "#fde2e1"


def money(value) -> str:
    return "–" if _missing(value) else f"{value:,.2f}"


def pct(value) -> str:
    return "–" if _missing(value) else f"{value:.1f}%"


def number(value, digits: int = 1) -> str:
    return "–" if _missing(value) else f"{value:,.{digits}f}"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def model_filter(component_id: str) -> html.Div:
    return html.Div(
        [
            html.Label("Support model"),
            dcc.RadioItems(MODEL_CHOICES, "all", id=component_id, inline=True),
        ],
        className="filter",
    )


def period_filter(component_id: str, default: str = "12") -> html.Div:
    return html.Div(
        [html.Label("Period"), dcc.RadioItems(PERIODS, default, id=component_id, inline=True)],
        className="filter",
    )


def selected_model(choice: str | None) -> str | None:
    """None means every model; anything else is passed on as a bound parameter."""
    return None if choice in (None, "", "all") else choice


def kpi(label: str, value: str, element_id: str) -> html.Div:
    return html.Div(
        [html.Div(label, className="kpi-label"), html.Div(value, id=element_id)], className="kpi"
    )


def table(
    component_id: str, frame: pd.DataFrame, columns: dict[str, tuple[str, str]], **extra
) -> dash_table.DataTable:
    """A sortable table; `columns` maps a frame column to (heading, kind: text|money|pct|number|count).

    Numbers stay numbers in the table (so sorting is numeric) and are formatted on screen.
    """
    return dash_table.DataTable(
        id=component_id,
        columns=[_column(col, heading, kind) for col, (heading, kind) in columns.items()],
        data=frame[list(columns)]
        .astype(object)
        .where(frame[list(columns)].notna(), None)
        .to_dict("records"),
        sort_action="native",
        page_size=25,
        style_cell={"fontFamily": "inherit", "padding": "4px 8px", "textAlign": "left"},
        style_header={"fontWeight": "bold"},
        **extra,
    )


_FORMATS = {
    "money": Format(precision=2, scheme=Scheme.fixed, group=Group.yes),
    "pct": Format(precision=1, scheme=Scheme.fixed).symbol(Symbol.yes).symbol_suffix("%"),
    "number": Format(precision=1, scheme=Scheme.fixed, group=Group.yes),
    "count": Format(precision=0, scheme=Scheme.fixed, group=Group.yes),
}


def _column(col: str, heading: str, kind: str) -> dict:
    if kind == "text":
        return {"name": heading, "id": col, "type": "text"}
    return {"name": heading, "id": col, "type": "numeric", "format": _FORMATS[kind]}


def losing_rows(column: str = "gross_margin") -> list[dict]:
    """Highlight the rows of clients that lose money."""
    return [{"if": {"filter_query": f"{{{column}}} < 0"}, "backgroundColor": LOSS_COLOUR}]


def line_chart(
    frame: pd.DataFrame, x: str, y: str, title: str, by: str | None = None, bars: bool = False
) -> dict:
    """A plotly figure as a plain dict: one line (or set of bars) per value of `by`.

    Built without plotly's validation layer, which costs more than the queries on a page.
    """
    groups = frame.groupby(by, sort=True) if by else [(None, frame)]
    traces = [
        {
            **({"type": "bar"} if bars else {"type": "scatter", "mode": "lines+markers"}),
            "name": str(name) if name is not None else y,
            "x": [str(value) for value in group[x]],
            "y": group[y].astype(float).where(group[y].notna(), None).tolist(),
        }
        for name, group in groups
    ]
    return {"data": traces, "layout": _layout(title)}


def bar_chart(categories: list[str], series: dict[str, list[float]], title: str) -> dict:
    traces = [
        {"type": "bar", "name": name, "x": categories, "y": values}
        for name, values in series.items()
    ]
    return {"data": traces, "layout": {**_layout(title), "barmode": "group"}}


def _layout(title: str) -> dict:
    grid = {"gridcolor": "#e4e7eb", "zerolinecolor": "#9aa5b1"}
    return {
        "title": {"text": title},
        "margin": {"t": 48, "l": 56, "r": 16, "b": 40},
        "height": 340,
        "plot_bgcolor": "#f7f9fb",
        "xaxis": grid,
        "yaxis": grid,
    }
