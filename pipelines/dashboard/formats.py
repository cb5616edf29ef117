"""How numbers and codes read on screen: money with its currency, percentages, dates, words.

The currency is the MSP's own (`MSP_CURRENCY`, an ISO 4217 code, default USD), read when asked
so a test or a restart picks up a change. The warehouse holds amounts without a currency.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re

import pandas as pd
from dash.dash_table.Format import Format, Group, Scheme, Sign, Symbol

# Symbols people recognise; any other code is written before the amount ("CHF 1,234.50").
SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹"}
DEFAULT_CURRENCY = "USD"

# Support models and flags as the warehouse codes them, in the words leadership reads.
MODEL_WORDS = {
    "managed": "Managed",
    "break_fix": "Break-fix",
    "hybrid": "Hybrid",
    "unassigned": "No agreement",
}
FLAG_WORDS = {
    "managed_losing_money": "managed client losing money",
    "break_fix_downtime_over_managed_fee": "break-fix downtime costs more than a managed fee would",
    "recurring_faults_same_device": "recurring faults on the same device",
    "sla_breaches_rising": "SLA breaches rising",
}


def currency() -> str:
    """The three-letter currency code; anything else set in MSP_CURRENCY falls back to USD."""
    code = os.environ.get("MSP_CURRENCY", "").strip().upper()
    return code if re.fullmatch(r"[A-Z]{3}", code) else DEFAULT_CURRENCY


def currency_prefix() -> str:
    code = currency()
    return SYMBOLS.get(code, f"{code} ")


def missing(value) -> bool:
    if value is None or value is pd.NaT:
        return True
    try:
        return math.isnan(value)
    except TypeError:
        return False


def money(value, digits: int = 2) -> str:
    """-1234.5 -> '-$1,234.50' (with MSP_CURRENCY=USD); '–' when unknown."""
    if missing(value):
        return "–"
    value = float(value)
    sign = "-" if value < 0 else ""
    return f"{sign}{currency_prefix()}{abs(value):,.{digits}f}"


def pct(value) -> str:
    return "–" if missing(value) else f"{float(value):.1f}%"


def points(value) -> str:
    """A difference of two percentages: '+3.2 pts'."""
    return "–" if missing(value) else f"{float(value):+.1f} pts"


def number(value, digits: int = 1) -> str:
    return "–" if missing(value) else f"{float(value):,.{digits}f}"


def count(value) -> str:
    return "–" if missing(value) else f"{int(value):,}"


def model_words(code) -> str:
    if missing(code):
        return "–"
    return MODEL_WORDS.get(str(code), str(code).replace("_", " ").capitalize())


def flags_text(flags) -> str:
    """The `;`-separated flag codes as one readable line ('' when none)."""
    if missing(flags) or not isinstance(flags, str):
        return ""
    codes = [code.strip() for code in flags.split(";") if code.strip()]
    return "; ".join(FLAG_WORDS.get(code, code.replace("_", " ")) for code in codes)


def month_name(month: dt.date | None) -> str:
    return "–" if month is None else f"{month:%b %Y}"


def day_name(day: dt.date | dt.datetime | None) -> str:
    return "–" if day is None else f"{day.day} {day:%b %Y}"


def moment(value: dt.datetime | None) -> str:
    """A UTC timestamp for people: '12 Mar 2025, 14:00 UTC'."""
    return "–" if value is None else f"{value.day} {value:%b %Y, %H:%M} UTC"


# Table cell formats (Dash DataTable, d3-format): numbers stay numbers, so sorting is numeric.
def table_formats() -> dict[str, Format]:
    return {
        "money": Format(precision=2, scheme=Scheme.fixed, group=Group.yes)
        .symbol(Symbol.yes)
        .symbol_prefix(currency_prefix()),
        "pct": Format(precision=1, scheme=Scheme.fixed).symbol(Symbol.yes).symbol_suffix("%"),
        "points": Format(precision=1, scheme=Scheme.fixed, sign=Sign.positive)
        .symbol(Symbol.yes)
        .symbol_suffix(" pts"),
        "number": Format(precision=1, scheme=Scheme.fixed, group=Group.yes),
        "count": Format(precision=0, scheme=Scheme.fixed, group=Group.yes),
    }
