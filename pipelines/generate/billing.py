"""Invoices: one per client per month, dated the 1st.

Each invoice bills the month's fee in advance (or the quarter's, for quarterly
agreements: one line whose period spans three months) and last month's billable
time in arrears (labour, emergency labour at the agreement's premium, project
work), plus parts with their unit cost, the odd SLA credit and sundries. Some
lines carry a period, some only an invoice date, as real invoices do.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pipelines.generate.catalog import PARTS
from pipelines.generate.ids import IdSequence
from pipelines.generate.plan import ClientPlan, model_on
from pipelines.generate.records import Agreement, InvoiceLine, TimeEntry
from pipelines.generate.timeline import Window, add_months, days_in_month, month_end, month_start

CENT = Decimal("0.01")
UNASSIGNED_RATE = Decimal("150.00")
PARTS_CHANCE = {"managed": 0.08, "hybrid": 0.2, "break_fix": 0.35, None: 0.3}


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fee_for(agreement: Agreement, first: date, last: date) -> Decimal:
    """The fee for [first, last] inclusive: whole months at full fee, part months by days."""
    total = Decimal(0)
    month = month_start(first)
    while month <= last:
        begin, end = max(first, month), min(last, month_end(month))
        days, full = (end - begin).days + 1, days_in_month(month)
        total += (
            agreement.monthly_fee if days == full else _cents(agreement.monthly_fee * days / full)
        )
        month = add_months(month, 1)
    return total


def _fee_lines(agreement: Agreement, month: date) -> list[tuple]:
    if agreement.monthly_fee is None:
        return []
    first = max(month, agreement.start_date)
    if agreement.billing_months == 3:
        if month.month % 3 != 1 and month != month_start(agreement.start_date):
            return []
        last = month_end(add_months(month, 2 - (month.month - 1) % 3))
        label = f"{agreement.support_model} services, quarter from {first:%b %Y}"
    else:
        last = month_end(month)
        label = f"{agreement.support_model} services, {first:%b %Y}"
    if agreement.end_date is not None:
        last = min(last, agreement.end_date)
    if last < first:
        return []
    amount = _fee_for(agreement, first, last)
    return [("recurring_fee", label, 1.0, amount, amount, first, last, None)]


def _labour_lines(
    plan: ClientPlan, entries: list[TimeEntry], month: date, with_period: bool
) -> list[tuple]:
    """Last month's billable hours, one line per (kind, rate)."""
    hours: dict[tuple[str, Decimal], float] = defaultdict(float)
    for entry in entries:
        if not entry.billable:
            continue
        agreement = model_on(plan.agreements, entry.started_at.date())
        rate = agreement.hourly_rate if agreement and agreement.hourly_rate else UNASSIGNED_RATE
        if entry.work_type == "emergency":
            multiplier = agreement.emergency_rate_multiplier if agreement else 1.5
            key = ("emergency_labor", _cents(rate * Decimal(str(multiplier))))
        elif entry.work_type == "project":
            key = ("project", rate)
        else:
            key = ("labor", rate)
        hours[key] += entry.hours
    period = (month, month_end(month)) if with_period else (None, None)
    lines = []
    for (line_type, rate), quantity in sorted(hours.items()):
        label = {
            "labor": "Support labour",
            "emergency_labor": "Emergency call-out labour",
            "project": "Project work",
        }[line_type]
        lines.append(
            (
                line_type,
                f"{label}, {month:%b %Y}",
                quantity,
                rate,
                _cents(rate * Decimal(str(quantity))),
                *period,
                None,
            )
        )
    return lines


def make_invoice_lines(
    plan: ClientPlan,
    time_entries: list[TimeEntry],
    window: Window,
    ids: IdSequence,
    rng: random.Random,
) -> list[InvoiceLine]:
    entries_by_month: dict[date, list[TimeEntry]] = defaultdict(list)
    for entry in time_entries:
        entries_by_month[month_start(entry.started_at.date())].append(entry)
    invoice_lines: list[InvoiceLine] = []
    for month in window.month_starts:
        invoice_date = max(month, plan.start)
        if month < month_start(plan.start) or invoice_date > window.as_of_date:
            continue
        agreement = model_on(plan.agreements, invoice_date)
        model = agreement.support_model if agreement else None
        previous = add_months(month, -1)
        billed_previous = previous >= month_start(plan.start)
        lines: list[tuple] = []
        for a in plan.agreements:
            lines += _fee_lines(a, month)
        if billed_previous:
            lines += _labour_lines(
                plan, entries_by_month.get(previous, []), previous, rng.random() < 0.7
            )
        if rng.random() < PARTS_CHANCE[model]:
            part, unit_cost, unit_price = rng.choice(PARTS)
            quantity = rng.randint(1, 3)
            period = (previous, month_end(previous)) if billed_previous else (None, None)
            lines.append(
                (
                    "parts",
                    part,
                    float(quantity),
                    unit_price,
                    unit_price * quantity,
                    *period,
                    unit_cost,
                )
            )
        showcase = plan.index == 0 and month == window.month_starts[min(1, window.months - 1)]
        if showcase:  # always at least one credit and one open-ended project line
            lines.append(
                (
                    "project",
                    "Server migration (fixed price)",
                    None,
                    None,
                    Decimal("1250.00"),
                    invoice_date,
                    None,
                    None,
                )
            )
        if model == "managed" and agreement.monthly_fee and (showcase or rng.random() < 0.12):
            credit = -_cents(agreement.monthly_fee * Decimal("0.05"))
            lines.append(("credit", "SLA service credit", None, None, credit, None, None, None))
        if model == "managed" and rng.random() < 0.04:
            amount = Decimal(rng.randrange(750, 4000, 50))
            lines.append(
                (
                    "project",
                    "Office move project (fixed price)",
                    None,
                    None,
                    amount,
                    invoice_date,
                    None,
                    None,
                )
            )
        if rng.random() < 0.03:
            lines.append(
                (
                    "other",
                    "Domain renewal",
                    1.0,
                    Decimal("18.99"),
                    Decimal("18.99"),
                    None,
                    None,
                    None,
                )
            )
        if not lines:
            continue
        invoice_id = ids.next("invoice")
        for number, (
            line_type,
            text,
            quantity,
            unit_price,
            amount,
            start,
            end,
            unit_cost,
        ) in enumerate(lines, 1):
            invoice_lines.append(
                InvoiceLine(
                    invoice_id,
                    number,
                    plan.client.client_id,
                    invoice_date,
                    start,
                    end,
                    line_type,
                    text,
                    quantity,
                    unit_price,
                    amount,
                    unit_cost,
                )
            )
    return invoice_lines
