"""Turn one week's figures into self-contained HTML: one page per client, one for the portfolio."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

import jinja2
from markupsafe import Markup, escape

from pipelines.reports import charts, wording
from pipelines.reports.queries import (
    HEALTH_METRICS,
    TREND_MONTHS,
    TREND_WEEKS,
    WeekFigures,
    months_back,
)

TEMPLATES = jinja2.PackageLoader("pipelines.reports", "templates")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=TEMPLATES, autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.globals["num"] = number
    env.filters["model"] = wording.model_words
    env.filters["when"] = lambda t: t.strftime("%a %d %b %H:%M") if t else "open"
    env.filters["day"] = lambda d: d.strftime("%d %b %Y") if d else ""
    env.filters["month"] = lambda d: d.strftime("%b %Y") if d else ""
    return env


def _raw(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _text(value: object, kind: str) -> str:
    if value is None:
        return "n/a"
    if kind == "money":
        return f"{Decimal(value):,.2f}"
    if kind == "pct":
        return f"{float(value):.1f}%"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "ratio":
        return f"{float(value):.2f}"
    return f"{float(value):,.1f}"


def number(value: object, metric: str, kind: str = "number", key: object = "") -> Markup:
    """A figure as shown, carrying the mart's exact value so tests and scrapers can check it."""
    key_attr = f' data-key="{escape(str(key))}"' if key != "" else ""
    return Markup(
        f'<span class="fig" data-metric="{escape(metric)}"{key_attr} '
        f'data-value="{escape(_raw(value))}">{escape(_text(value, kind))}</span>'
    )


def kind_of(column: str) -> str:
    """How a measure is written: percentages, money, counts, ratios or minutes."""
    if column.endswith(("_pct", "_rate", "_rate_before", "_rate_after")) or "_pct_" in column:
        return "pct"
    if "gross_margin" in column or column.endswith(("_cost", "_fee_equivalent", "revenue")):
        return "money"
    if "per_seat" in column:
        return "ratio"
    if column.startswith(("sla_breaches", "max_", "months_compared", "flag_count")):
        return "count"
    return "number"


def _float(value: object) -> float | None:
    return None if value is None else float(value)


def _daily_downtime_chart(figures: WeekFigures, client_id: str) -> str:
    first = figures.week.minus(TREND_WEEKS - 1).start
    days = [first + timedelta(days=n) for n in range(TREND_WEEKS * 7)]
    minutes = {r["day"]: r["downtime_minutes"] for r in figures.daily_downtime.get(client_id, [])}
    return charts.bar_chart(
        [d.strftime("%d %b") for d in days],
        [minutes.get(d, 0.0) for d in days],
        "Downtime per day (minutes), last 12 weeks",
        " min",
        label_every=14,
        colour="#dc2626",
    )


def _ticket_chart(figures: WeekFigures, client_id: str) -> str:
    weeks = [figures.week.minus(n).start for n in range(TREND_WEEKS - 1, -1, -1)]
    counts = {r["week_start"]: r["tickets"] for r in figures.weekly_tickets.get(client_id, [])}
    return charts.bar_chart(
        [w.strftime("%d %b") for w in weeks],
        [counts.get(w, 0) for w in weeks],
        "Tickets opened per week",
        label_every=2,
    )


def _months(figures: WeekFigures) -> list[date]:
    return [months_back(figures.last_month, n) for n in range(TREND_MONTHS - 1, -1, -1)]


def _month_to_date(figures: WeekFigures) -> date | None:
    """The trends' last month when the data stops before its end (its figures are partial)."""
    month_end = datetime.combine(months_back(figures.last_month, -1), datetime.min.time())
    return figures.last_month if figures.as_of is None or figures.as_of < month_end else None


def _margin_chart(figures: WeekFigures, client_id: str) -> str:
    months = _months(figures)
    by_month = {r["month"]: r for r in figures.margin_monthly.get(client_id, [])}
    return charts.line_chart(
        [m.strftime("%b %y") for m in months],
        {"Gross margin %": [_float(by_month.get(m, {}).get("gross_margin_pct")) for m in months]},
        "Gross margin % by month",
        "%",
    )


def render_client(figures: WeekFigures, client_id: str, generated_at: datetime) -> str:
    """The client's page. Every row passed in is looked up by this client's id only."""
    health = figures.health[client_id]
    month_rows = {r["month"]: r for r in figures.margin_monthly.get(client_id, [])}
    downtime_rows = {r["month"]: r for r in figures.downtime_monthly.get(client_id, [])}
    context = {
        "title": f"{figures.clients[client_id]['client_name']}: client health, week {figures.week}",
        "week": figures.week,
        "generated_at": generated_at,
        "as_of": figures.as_of,
        "client": figures.clients[client_id],
        "health": health,
        "components": [
            (c, wording.component_words(c), health[c]) for c in figures.health_components
        ],
        "metrics": [
            (m, wording.metric_words(m), health[m], kind_of(m))
            for m in HEALTH_METRICS
            if m in health
        ],
        "flags": [wording.flag_words(f) for f in wording.split_flags(health.get("flags"))],
        "recommendation": health.get("recommendation"),
        "month": figures.month,
        "month_to_date": _month_to_date(figures),
        "margin": month_rows.get(figures.month),
        "margin_trend": [month_rows[m] for m in _months(figures) if m in month_rows],
        "downtime_month": downtime_rows.get(figures.month),
        "outages": figures.week_outages.get(client_id, []),
        "recurring_devices": figures.recurring_devices.get(client_id, []),
        "sla_week": figures.sla_week.get(client_id, []),
        "sla_monthly": figures.sla_monthly.get(client_id, []),
        # Break-fix and hybrid clients see what downtime cost them next to a managed fee.
        "show_downtime_cost": health.get("support_model") in ("break_fix", "hybrid"),
        "downtime_costs": figures.downtime_monthly.get(client_id, []),
        "downtime_chart": Markup(_daily_downtime_chart(figures, client_id)),
        "ticket_chart": Markup(_ticket_chart(figures, client_id)),
        "margin_chart": Markup(_margin_chart(figures, client_id)),
    }
    return environment().get_template("client.html.j2").render(context)


def _support_model_chart(figures: WeekFigures) -> str:
    months = _months(figures)
    series: dict[str, list[float | None]] = {}
    for model in sorted({r["support_model"] for r in figures.support_model_trend}):
        by_month = {
            r["month"]: r for r in figures.support_model_trend if r["support_model"] == model
        }
        series[wording.model_words(model)] = [
            _float(by_month.get(m, {}).get("gross_margin_pct")) for m in months
        ]
    return charts.line_chart(
        [m.strftime("%b %y") for m in months], series, "Gross margin % by support model", "%"
    )


def render_portfolio(figures: WeekFigures, generated_at: datetime) -> str:
    names = {cid: c["client_name"] for cid, c in figures.clients.items()}
    by_health = sorted(
        figures.health.values(),
        key=lambda r: (r["health_score"] is None, _float(r["health_score"]) or 0.0, r["client_id"]),
    )
    margins = [
        rows_by_month[figures.month]
        for rows in figures.margin_monthly.values()
        if figures.month in (rows_by_month := {r["month"]: r for r in rows})
    ]
    by_margin = sorted(margins, key=lambda r: (Decimal(r["gross_margin"] or 0), r["client_id"]))
    flagged = [
        (r, [wording.flag_words(f) for f in wording.split_flags(r.get("flags"))]) for r in by_health
    ]
    flag_counts: dict[str, int] = {}
    for r in figures.health.values():
        for code in wording.split_flags(r.get("flags")):
            flag_counts[wording.flag_words(code)] = flag_counts.get(wording.flag_words(code), 0) + 1
    context = {
        "title": f"Portfolio health, week {figures.week}",
        "week": figures.week,
        "generated_at": generated_at,
        "as_of": figures.as_of,
        "month": figures.month,
        "month_to_date": _month_to_date(figures),
        "names": names,
        "by_health": by_health,
        "by_margin": by_margin,
        "support_models": figures.support_models,
        "support_model_chart": Markup(_support_model_chart(figures)),
        "transitions": figures.transitions,
        "transition_measures": [
            (m, wording.metric_words(m), kind_of(m)) for m in figures.transition_measures
        ],
        "top_flags": [(r, words) for r, words in flagged if words][:25],
        "flag_counts": sorted(flag_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        "model_pays": figures.model_pays,
    }
    return environment().get_template("portfolio.html.j2").render(context)
