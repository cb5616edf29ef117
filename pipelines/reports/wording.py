"""Health flags and metric names in the words an account manager uses."""

from __future__ import annotations

import re

# Flag codes the health mart may emit, in plain words. Unknown codes are humanised.
FLAG_WORDS = {
    "managed_losing_money": "Managed client losing money: over the last complete months it cost "
    "more to support than it paid.",
    "break_fix_downtime_over_managed_fee": "Break-fix client whose downtime cost more than a "
    "managed fee would have over the last complete months.",
    "recurring_faults_same_device": "The same fault keeps coming back on the same device.",
    "sla_breaches_rising": "SLA breaches are rising: more than in the previous period.",
}

COMPONENT_WORDS = {
    "availability_score": "Availability",
    "recurring_fault_score": "Recurring faults",
    "recurring_faults_score": "Recurring faults",
    "sla_score": "SLA",
    "response_score": "SLA response",
    "margin_score": "Margin",
    "ticket_load_score": "Ticket load",
    "tickets_score": "Ticket load",
}

METRIC_WORDS = {
    "availability_pct": "Availability",
    "recurring_fault_rate": "Recurring-fault rate",
    "response_met_pct": "Responses within SLA",
    "gross_margin_pct": "Gross margin %",
    "tickets_per_seat": "Tickets per seat",
    "downtime_minutes_per_month": "Downtime minutes per month",
    "downtime_minutes_per_client": "Downtime minutes per client",
    "gross_margin": "Gross margin",
    "downtime_minutes": "Downtime (minutes)",
    "sla_met_pct": "SLA verdicts met (response and resolution)",
    "sla_breaches": "SLA breaches",
    "sla_breaches_prior": "SLA breaches in the period before",
    "max_recurring_faults_on_one_device": "Most recurring faults on one device",
    "tickets_per_seat_per_month": "Tickets per seat per month",
    "gross_margin_per_month": "Gross margin per month",
}

MODEL_WORDS = {
    "managed": "Managed",
    "break_fix": "Break-fix",
    "hybrid": "Hybrid",
    "unassigned": "No agreement",
}


def split_flags(flags: object) -> list[str]:
    """Flags arrive as a list or as one string separated by ; , or |."""
    if flags is None:
        return []
    items = flags if isinstance(flags, list | tuple) else re.split(r"[;|,]", str(flags))
    return [item.strip() for item in items if item and str(item).strip()]


def humanise(code: str) -> str:
    return code.replace("_", " ").strip().capitalize()


def flag_words(code: str) -> str:
    if code in FLAG_WORDS:
        return FLAG_WORDS[code]
    return code if " " in code else humanise(code) + "."


def component_words(column: str) -> str:
    return COMPONENT_WORDS.get(column, humanise(column.removesuffix("_score")))


def metric_words(column: str) -> str:
    return METRIC_WORDS.get(column, humanise(column))


def model_words(model: str | None) -> str:
    return MODEL_WORDS.get(model or "", humanise(model or "unknown"))
