"""Shared pieces of the dashboard's pages: filters, periods, tables, charts, client links."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pandas as pd
from dash import dash_table, dcc, html

from pipelines.dashboard import inputs
from pipelines.dashboard.data_date import DataDate, add_months
from pipelines.dashboard.formats import MODEL_WORDS, model_words, table_formats

PERIODS = [
    {"label": "Last 3 complete months", "value": "3"},
    {"label": "Last 6 complete months", "value": "6"},
    {"label": "Last 12 complete months", "value": "12"},
    {"label": "All complete months", "value": "all"},
]
PERIOD_VALUES = [option["value"] for option in PERIODS]
MODEL_CHOICES = [
    {"label": "All models", "value": "all"},
    {"label": MODEL_WORDS["managed"], "value": "managed"},
    {"label": MODEL_WORDS["hybrid"], "value": "hybrid"},
    {"label": MODEL_WORDS["break_fix"], "value": "break_fix"},
]
MODEL_VALUES = [option["value"] for option in MODEL_CHOICES]
MODEL_COLOURS = {
    "managed": "#1f77b4",
    "hybrid": "#9467bd",
    "break_fix": "#ff7f0e",
    "unassigned": "#7f7f7f",
}
LOSS_COLOUR = "#fde2e1"
TO_DATE = "to-date"


# --- filters -------------------------------------------------------------------------------


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


def to_date_filter(component_id: str) -> html.Div:
    """Off by default: a running month's figures are partial (break-fix is billed in arrears)."""
    return html.Div(
        dcc.Checklist(
            [{"label": "Show the month to date in the charts", "value": TO_DATE}],
            [],
            id=component_id,
            inline=True,
        ),
        className="filter",
    )


def selected_model(choice) -> str | None:
    """None means every model; a model code otherwise (anything unknown means every model)."""
    model = inputs.choice(choice, MODEL_VALUES, "all")
    return None if model == "all" else model


def period_months(when: DataDate, period) -> tuple[dt.date, dt.date] | None:
    """First and last complete month of a period picked on screen; None before a whole month."""
    last = when.last_complete_month
    if last is None or when.first_month is None or last < when.first_month:
        return None
    period = inputs.choice(period, PERIOD_VALUES, "12")
    if period == "all":
        return when.first_month, last
    return max(when.first_month, add_months(last, 1 - int(period))), last


def period_words(months: tuple[dt.date, dt.date] | None) -> str:
    if months is None:
        return "no complete month yet"
    first, last = months
    return f"{first:%b %Y}" if first == last else f"{first:%b %Y} to {last:%b %Y}"


# --- links ---------------------------------------------------------------------------------


def client_href(client_id: str) -> str:
    return f"/client?client_id={quote(str(client_id), safe='')}"


def client_link(client_id: str, name: str, **extra) -> dcc.Link:
    return dcc.Link(str(name), href=client_href(client_id), className="client-link", **extra)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def client_markdown(client_id: str, name: str) -> str:
    """A table cell linking to the client's page; the name is escaped, never markup."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(name))
    return f"[{escaped}]({client_href(client_id)})"


# --- tables --------------------------------------------------------------------------------


def table(
    component_id: str, frame: pd.DataFrame, columns: dict[str, tuple[str, str]], **extra
) -> dash_table.DataTable:
    """A sortable table; `columns` maps a frame column to (heading, kind).

    Kinds: text, model (a support model code shown in words), client (the client's name
    linking to its page; the frame needs client_id and client_name), money, pct, points,
    number, count. Numbers stay numbers in the table (so sorting is numeric) and are
    formatted on screen.
    """
    frame = frame.copy()
    for col, (_heading, kind) in columns.items():
        if kind == "model":
            frame[col] = frame[col].map(model_words)
        elif kind == "client":
            frame[col] = [
                client_markdown(cid, name)
                for cid, name in zip(frame["client_id"], frame["client_name"], strict=True)
            ]
    shown = frame[list(columns)]
    formats = table_formats()
    options = {
        "sort_action": "native",
        "page_size": 25,
        "markdown_options": {"link_target": "_self"},
        "style_cell": {
            "fontFamily": "system-ui, sans-serif",
            "padding": "4px 8px",
            "textAlign": "left",
        },
        "style_header": {"fontWeight": "bold", "whiteSpace": "normal"},
        **extra,
    }
    return dash_table.DataTable(
        id=component_id,
        columns=[_column(col, heading, kind, formats) for col, (heading, kind) in columns.items()],
        data=shown.astype(object).where(shown.notna(), None).to_dict("records"),
        **options,
    )


def _column(col: str, heading: str, kind: str, formats: dict) -> dict:
    if kind in ("text", "model"):
        return {"name": heading, "id": col, "type": "text"}
    if kind == "client":
        return {"name": heading, "id": col, "type": "text", "presentation": "markdown"}
    return {"name": heading, "id": col, "type": "numeric", "format": formats[kind]}


def losing_rows(column: str = "gross_margin") -> list[dict]:
    """Highlight the rows of clients that lose money."""
    return [{"if": {"filter_query": f"{{{column}}} < 0"}, "backgroundColor": LOSS_COLOUR}]


# --- charts --------------------------------------------------------------------------------
# Figures are plain dicts: plotly's validation layer costs more than the queries on a page.


def month_axis(months: list[dt.date]) -> dict:
    """A date axis; over 3 to 12 months one tick per month, named 'Mar 2025'."""
    axis = {"type": "date", "title": {"text": "Month"}, "tickformat": "%b %Y"}
    span = len(set(months))
    if span <= 12:
        axis["dtick"] = "M1"
    elif span <= 36:
        axis["dtick"] = "M3"
    if months:
        first, last = min(months), max(months)
        # Half a month of room on each side, so the first and last bars are whole.
        axis["range"] = [str(first - dt.timedelta(days=15)), str(last + dt.timedelta(days=15))]
    return axis


def monthly_figure(
    frame: pd.DataFrame,
    y: str,
    title: str,
    y_title: str,
    by: str = "support_model",
    running_month: dt.date | None = None,
    target: float | None = None,
    bars: bool = False,
    y_format: str = "",
    y_prefix: str = "",
) -> dict:
    """One line (or set of bars) per support model by month.

    The running month, when passed, is drawn apart: hollow markers, no line to it, named
    '(to date)'. `target` draws a dashed horizontal line.
    """
    traces = []
    for name, group in frame.groupby(by, sort=False) if len(frame) else []:
        colour = MODEL_COLOURS.get(str(name))
        complete = group if running_month is None else group[group["month"] != running_month]
        traces.append(_trace(complete, y, model_words(name), colour, bars, y_format))
        if running_month is not None:
            partial = group[group["month"] == running_month]
            if len(partial):
                trace = _trace(partial, y, f"{model_words(name)} (to date)", colour, bars, y_format)
                trace["mode"] = "markers"
                trace["marker"] = {"symbol": "circle-open", "size": 11, "color": colour}
                if bars:
                    trace["marker"] = {"color": colour, "opacity": 0.35}
                traces.append(trace)
    months = sorted(set(frame["month"])) if len(frame) else []
    layout = base_layout(title, y_title, y_format, y_prefix)
    layout["xaxis"] = {**layout["xaxis"], **month_axis(months)}
    if bars:
        layout["barmode"] = "group"
    if target is not None:
        layout["shapes"] = [target_line(target)]
        layout["annotations"] = [target_label(target)]
    return {"data": traces, "layout": layout}


def _trace(frame: pd.DataFrame, y: str, name: str, colour, bars: bool, y_format: str) -> dict:
    values = frame[y].astype(float)
    trace = {
        "name": name,
        "x": [str(m) for m in frame["month"]],
        "y": values.where(values.notna(), None).tolist(),
        "hovertemplate": f"%{{x|%b %Y}}: %{{y:{y_format or ',.1f'}}}<extra>{name}</extra>",
    }
    if bars:
        return {**trace, "type": "bar", "marker": {"color": colour}}
    return {
        **trace,
        "type": "scatter",
        "mode": "lines+markers",
        "line": {"color": colour},
        "marker": {"color": colour},
    }


def empty_figure(message: str = "") -> dict:
    """A chart with nothing to draw: no axes, only the reason."""
    return {
        "data": [],
        "layout": {
            "height": 120,
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "plot_bgcolor": "#ffffff",
            "annotations": [{"text": message, "showarrow": False, "xref": "paper", "yref": "paper"}]
            if message
            else [],
        },
    }


def target_line(target: float) -> dict:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": target,
        "y1": target,
        "line": {"color": "#2f855a", "dash": "dash", "width": 2},
    }


def target_label(target: float) -> dict:
    return {
        "xref": "paper",
        "x": 1,
        "y": target,
        "xanchor": "right",
        "yanchor": "bottom",
        "showarrow": False,
        "text": f"target {target:.1f}%",
        "font": {"color": "#2f855a"},
    }


def base_layout(title: str, y_title: str, y_format: str = "", y_prefix: str = "") -> dict:
    grid = {"gridcolor": "#e4e7eb", "zerolinecolor": "#9aa5b1"}
    y_axis = {**grid, "title": {"text": y_title}}
    if y_format:
        y_axis["tickformat"] = y_format
    if y_prefix:
        y_axis["tickprefix"] = y_prefix
    return {
        "title": {"text": title},
        "margin": {"t": 48, "l": 72, "r": 16, "b": 48},
        "height": 340,
        "plot_bgcolor": "#f7f9fb",
        "xaxis": dict(grid),
        "yaxis": y_axis,
        "legend": {"orientation": "h", "y": -0.22},
    }
