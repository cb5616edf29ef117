"""Turn one week's figures into self-contained HTML, for two audiences.

- the client report (``render_client``): service outcomes in plain words, the only thing a
  client receives; its context holds no revenue, cost, margin, rate or internal flag;
- the account brief (``render_account_brief``) and the portfolio report: internal.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache

import jinja2
from markupsafe import Markup, escape

from pipelines.reports import charts, wording
from pipelines.reports.identity import MspIdentity, single_line
from pipelines.reports.queries import (
    HEALTH_METRICS,
    TREND_MONTHS,
    TREND_WEEKS,
    WeekFigures,
    months_back,
)
from pipelines.reports.support_case import build_case

TEMPLATES = jinja2.PackageLoader("pipelines.reports", "templates")


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=TEMPLATES, autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.globals["num"] = number
    env.filters["model"] = wording.model_words
    env.filters["fault"] = lambda text: text  # already in words (see _recurring_problems)
    env.filters["priority"] = wording.priority_words
    env.filters["device_type"] = wording.device_type_words
    env.filters["work"] = wording.work_words
    env.filters["oneline"] = single_line  # names from exports may hold line breaks
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


def _text(value: object, kind: str, msp: MspIdentity) -> str:
    if value is None:
        return "n/a"
    if kind == "money":
        return msp.money(value)
    if kind == "pct":
        return f"{float(value):.1f}%"
    if kind == "count":
        return f"{int(value):,}"
    if kind == "ratio":
        return f"{float(value):.2f}"
    return f"{float(value):,.1f}"


@jinja2.pass_context
def number(
    context: jinja2.runtime.Context,
    value: object,
    metric: str,
    kind: str = "number",
    key: object = "",
) -> Markup:
    """A figure as shown, carrying the mart's exact value so tests and scrapers can check it."""
    key_attr = f' data-key="{escape(str(key))}"' if key != "" else ""
    msp = context.get("msp") or MspIdentity()
    return Markup(
        f'<span class="fig" data-metric="{escape(metric)}"{key_attr} '
        f'data-value="{escape(_raw(value))}">{escape(_text(value, kind, msp))}</span>'
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


def _charted_months(figures: WeekFigures) -> list[date]:
    """Months a trend line compares: the running month is left out (tables show it "to date")."""
    return [m for m in _months(figures) if m != _month_to_date(figures)]


def _margin_chart(figures: WeekFigures, client_id: str) -> str:
    months = _charted_months(figures)
    by_month = {r["month"]: r for r in figures.margin_monthly.get(client_id, [])}
    return charts.line_chart(
        [m.strftime("%b %y") for m in months],
        {"Gross margin %": [_float(by_month.get(m, {}).get("gross_margin_pct")) for m in months]},
        "Gross margin % by complete month",
        "%",
    )


def _common(figures: WeekFigures, client_id: str, msp: MspIdentity, generated_at: datetime) -> dict:
    """What both documents about one client show: its service outcomes."""
    health = figures.health[client_id]
    downtime_rows = {r["month"]: r for r in figures.downtime_monthly.get(client_id, [])}
    outage_devices: dict[object, list[dict]] = {}
    for device in figures.outage_devices.get(client_id, []):
        outage_devices.setdefault(device["outage_start"], []).append(device)
    return {
        "msp": msp,
        "week": figures.week,
        "generated_at": generated_at,
        "as_of": figures.as_of,
        "client": figures.clients[client_id],
        "health": health,
        "month": figures.month,
        "month_to_date": _month_to_date(figures),
        "downtime_month": downtime_rows.get(figures.month),
        "outages": figures.week_outages.get(client_id, []),
        "outage_devices": outage_devices,
        "recurring_devices": _recurring_problems(figures, client_id),
        "sla_week": figures.sla_week.get(client_id, []),
        "sla_monthly": figures.sla_monthly.get(client_id, []),
        "work": _work(figures, client_id),
        "downtime_chart": Markup(_daily_downtime_chart(figures, client_id)),
        "ticket_chart": Markup(_ticket_chart(figures, client_id)),
        "service_components": [
            (c, wording.service_component_words(c), health.get(c))
            for c in wording.SERVICE_COMPONENTS
            if c in health
        ],
        "service_issues": _service_issues(health),
    }


def _service_issues(health: dict) -> list[str]:
    """The service flags, as facts a client can read (the commercial flags are never here)."""
    issues = []
    if health.get("has_recurring_faults_same_device"):
        issues.append(
            "One of your devices had the same fault again and again in recent weeks "
            "(see Repeat problems below)."
        )
    if health.get("is_sla_breaches_rising"):
        issues.append("More tickets missed their agreed response or resolution time than before.")
    return issues


def _recurring_problems(figures: WeekFigures, client_id: str) -> list[dict]:
    """Recurring faults by device, the fault kinds in words and what is being done about them."""
    problems = []
    for device in figures.recurring_devices.get(client_id, []):
        kinds = [
            wording.fault_words(*(part.strip() or None for part in kind.split(" / ", 1)))
            for kind in (device.get("fault_types") or "").split(", ")
            if kind
        ]
        repeats = device["recurring_faults"] or 0
        action = (
            "We are looking for the root cause; if the device cannot be fixed for good we will "
            "propose replacing it."
            if repeats >= 3
            else "Fixed each time; we are watching it for a pattern."
        )
        problems.append({**device, "fault_words": "; ".join(kinds), "action": action})
    return problems


def _work(figures: WeekFigures, client_id: str) -> dict:
    """Work done this week and over the last 4 weeks, by kind (hours and entries)."""
    rows = figures.work_weekly.get(client_id, [])
    recent_start = figures.week.minus(3).start
    by_kind: dict[str, dict] = {}
    for r in rows:
        if r["week_start"] < recent_start:
            continue
        kind = by_kind.setdefault(
            r["work_type"],
            {
                "work_type": r["work_type"],
                "week_hours": 0.0,
                "recent_hours": 0.0,
                "week_entries": 0,
                "recent_entries": 0,
            },
        )
        kind["recent_hours"] += float(r["hours"] or 0)
        kind["recent_entries"] += int(r["time_entries"] or 0)
        if r["week_start"] == figures.week.start:
            kind["week_hours"] += float(r["hours"] or 0)
            kind["week_entries"] += int(r["time_entries"] or 0)
    order = ["proactive", "project", "reactive", "emergency", "admin"]
    kinds = sorted(
        by_kind.values(),
        key=lambda k: order.index(k["work_type"]) if k["work_type"] in order else 9,
    )
    return {"kinds": kinds, "proactive": by_kind.get("proactive"), "since": recent_start}


def render_client(
    figures: WeekFigures, client_id: str, generated_at: datetime, msp: MspIdentity | None = None
) -> str:
    """The client's page: service outcomes only. Every row passed in is this client's own."""
    msp = msp or MspIdentity()
    context = _common(figures, client_id, msp, generated_at)
    context.update(
        title=f"{figures.clients[client_id]['client_name']}: IT service report, week {figures.week}",
        case=build_case(figures.case_sums.get(client_id, []), msp),
    )
    return environment().get_template("client.html.j2").render(context)


def render_client_summary(
    figures: WeekFigures, client_id: str, generated_at: datetime, msp: MspIdentity | None = None
) -> tuple[str, str]:
    """The client email's body: the report's summary as HTML and as plain text."""
    msp = msp or MspIdentity()
    context = _common(figures, client_id, msp, generated_at)
    context.update(case=build_case(figures.case_sums.get(client_id, []), msp))
    html = environment().get_template("client_email.html.j2").render(context)
    text = environment().get_template("client_email.txt.j2").render(context)
    return html, text


def account_brief_fragment(
    figures: WeekFigures, client_id: str, generated_at: datetime, msp: MspIdentity | None = None
) -> Markup:
    """One client's internal brief as a section, for its own page and for the combined file."""
    msp = msp or MspIdentity()
    health = figures.health[client_id]
    month_rows = {r["month"]: r for r in figures.margin_monthly.get(client_id, [])}
    context = _common(figures, client_id, msp, generated_at)
    context.update(
        components=[(c, wording.component_words(c), health[c]) for c in figures.health_components],
        metrics=[
            (m, wording.metric_words(m), health[m], kind_of(m))
            for m in HEALTH_METRICS
            if m in health
        ],
        flags=[wording.flag_words(f) for f in wording.split_flags(health.get("flags"))],
        recommendation=health.get("recommendation"),
        margin=month_rows.get(figures.month),
        margin_trend=[month_rows[m] for m in _months(figures) if m in month_rows],
        margin_chart=Markup(_margin_chart(figures, client_id)),
        case=build_case(figures.case_sums.get(client_id, []), msp),
        has_counterfactual=figures.has_counterfactual,
    )
    return Markup(environment().get_template("account_brief.html.j2").render(context))


def render_account_briefs(
    figures: WeekFigures,
    fragments: list[Markup],
    generated_at: datetime,
    title: str,
    msp: MspIdentity | None = None,
) -> str:
    """A page of one or more account briefs (internal)."""
    context = {
        "msp": msp or MspIdentity(),
        "title": title,
        "week": figures.week,
        "generated_at": generated_at,
        "as_of": figures.as_of,
        "fragments": fragments,
        "internal": True,
    }
    return environment().get_template("account.html.j2").render(context)


def _support_model_chart(figures: WeekFigures) -> str:
    months = _charted_months(figures)
    series: dict[str, list[float | None]] = {}
    for model in sorted({r["support_model"] for r in figures.support_model_trend}):
        by_month = {
            r["month"]: r for r in figures.support_model_trend if r["support_model"] == model
        }
        series[wording.model_words(model)] = [
            _float(by_month.get(m, {}).get("gross_margin_pct")) for m in months
        ]
    return charts.line_chart(
        [m.strftime("%b %y") for m in months],
        series,
        "Gross margin % by support model, complete months",
        "%",
    )


def render_portfolio(
    figures: WeekFigures, generated_at: datetime, msp: MspIdentity | None = None
) -> str:
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
        "msp": msp or MspIdentity(),
        "internal": True,
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


def render_leadership_summary(
    figures: WeekFigures,
    generated_at: datetime,
    msp: MspIdentity | None = None,
    failures: list[str] | None = None,
) -> tuple[str, str]:
    """The leadership email's body (internal): flags and to-dos, as HTML and as plain text."""
    names = {cid: c["client_name"] for cid, c in figures.clients.items()}
    by_health = sorted(
        figures.health.values(),
        key=lambda r: (r["health_score"] is None, _float(r["health_score"]) or 0.0, r["client_id"]),
    )
    flag_counts: dict[str, int] = {}
    for r in figures.health.values():
        for code in wording.split_flags(r.get("flags")):
            flag_counts[wording.flag_words(code)] = flag_counts.get(wording.flag_words(code), 0) + 1
    context = {
        "msp": msp or MspIdentity(),
        "week": figures.week,
        "generated_at": generated_at,
        "clients": len(figures.health),
        "names": names,
        "todo": [r for r in by_health if r.get("flags")][:15] or by_health[:5],
        "flag_counts": sorted(flag_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        "failures": failures or [],
    }
    env = environment()
    return (
        env.get_template("leadership_email.html.j2").render(context),
        env.get_template("leadership_email.txt.j2").render(context),
    )
