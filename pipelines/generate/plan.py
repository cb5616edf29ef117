"""Who a client is and how it buys support: identity, agreements, SLA targets.

The first five clients are fixed showcases so that every metric rule is
exercised even in the smallest portfolio (5 clients x 3 months):

0. managed throughout, Europe/London, fee billed quarterly in advance
1. break-fix throughout, America/New_York (recurrence-boundary faults)
2. hybrid throughout, Australia/Sydney
3. break-fix -> managed mid-month with equal days (tie), no timezone given
4. onboarded late (activity before any agreement: an unassigned month),
   break-fix then managed from the as-of month, and no monitoring at all

Later clients draw their kind at random.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pipelines.generate.catalog import INDUSTRIES, NAME_SUFFIXES, NAME_WORDS, TIMEZONES
from pipelines.generate.ids import IdSequence
from pipelines.generate.records import Agreement, Client, SlaTarget
from pipelines.generate.timeline import Window, add_months, days_in_month

HYBRID_COVERAGE = (("server", "network", "firewall"), ("server", "network", "firewall", "storage"))
SHOWCASE_KINDS = ("managed", "break_fix", "hybrid", "tie_switch", "late_start")
SHOWCASE_TIMEZONES = ("Europe/London", "America/New_York", "Australia/Sydney", None, "Asia/Kolkata")


@dataclass
class ClientPlan:
    index: int
    kind: str
    client: Client
    start: date  # first day the client exists for us (first activity or agreement)
    monitored: bool
    agreements: list[Agreement] = field(default_factory=list)
    sla_targets: list[SlaTarget] = field(default_factory=list)
    fragility: float = 1.0  # noise: how trouble-prone this client's estate is
    # Test portfolios: outages as frequent and as long whatever the model (no model effect).
    same_downtime_for_all_models: bool = False

    @property
    def is_showcase(self) -> bool:
        return self.index < len(SHOWCASE_KINDS)


def _pick_kind(rng: random.Random) -> str:
    return rng.choices(
        ("managed", "break_fix", "hybrid", "switch", "late_start", "tie_switch"),
        weights=(30, 28, 15, 17, 7, 3),
    )[0]


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _client(index: int, client_id: str, timezone: str | None, rng: random.Random) -> Client:
    industry = rng.choice(INDUSTRIES)
    name = f"{rng.choice(NAME_WORDS)} {NAME_SUFFIXES[industry]}"
    seats = max(3, min(150, int(rng.lognormvariate(3.0, 0.7))))
    cost = None if rng.random() < 0.3 else Decimal(seats * rng.choice((20, 30, 40, 60, 80)))
    domain = f"client-{client_id[1:]}.example"
    recipients: tuple[str, ...] = ()
    if rng.random() < 0.85:
        recipients = (
            (f"it@{domain}",) if rng.random() < 0.6 else (f"it@{domain}", f"owner@{domain}")
        )
    return Client(client_id, f"{name} ({client_id})", industry, seats, timezone, cost, recipients)


def _sla_targets(agreement: Agreement, rng: random.Random) -> list[SlaTarget]:
    if agreement.support_model == "break_fix":
        # Usually no SLA; sometimes a best-effort P1 response target only.
        if rng.random() < 0.25:
            return [SlaTarget(agreement.agreement_id, "P1", rng.choice((60, 120)), None)]
        return []
    scale = rng.choice((1, 1, 2))
    targets = [
        ("P1", 15 * scale, 240 * scale),
        ("P2", 30 * scale, 480 * scale),
        ("P3", 120 * scale, 1440 * scale),
        ("P4", 480 * scale, 4320 * scale),
    ]
    if agreement.support_model == "hybrid":
        targets = targets[:2]  # P3/P4 fall outside the fee: no target, no verdict
    return [SlaTarget(agreement.agreement_id, p, r, s) for p, r, s in targets]


def _agreement(
    model: str,
    client: Client,
    start: date,
    end: date | None,
    ids: IdSequence,
    rng: random.Random,
    billing_months: int = 1,
) -> Agreement:
    per_seat = {"managed": rng.uniform(65, 140), "hybrid": rng.uniform(30, 60)}.get(model)
    fee = _money(round(client.seats * per_seat)) if per_seat else None
    rate = _money(rng.choice((95, 110, 125, 140, 160, 175)))
    return Agreement(
        agreement_id=ids.next("agreement"),
        client_id=client.client_id,
        support_model=model,
        start_date=start,
        end_date=end,
        monthly_fee=fee,
        hourly_rate=rate,
        emergency_rate_multiplier=rng.choice((1.5, 1.5, 1.75, 2.0)),
        covered_device_types=rng.choice(HYBRID_COVERAGE) if model == "hybrid" else (),
        billing_months=billing_months,
    )


def _switch_day(window: Window, rng: random.Random, tie: bool) -> tuple[date, date] | None:
    """(last break-fix day, first managed day) for a switch before the as-of month."""
    candidates = window.month_starts[1:-1]
    if not candidates:
        return None
    month = rng.choice(candidates)
    days = days_in_month(month)
    if tie:
        # Equal covered days: even month split in half; odd month with one uncovered day.
        half = days // 2
        return month + timedelta(days=half - 1), month + timedelta(days=days - half)
    first_managed = month + timedelta(days=rng.choice((0, rng.randint(1, days - 1))))
    return first_managed - timedelta(days=1), first_managed


def plan_client(index: int, window: Window, ids: IdSequence, rng: random.Random) -> ClientPlan:
    showcase = index < len(SHOWCASE_KINDS)
    kind = SHOWCASE_KINDS[index] if showcase else _pick_kind(rng)
    timezone = SHOWCASE_TIMEZONES[index] if showcase else rng.choice(TIMEZONES)
    client = _client(index, ids.next("client"), timezone, rng)
    monitored = index != 4 and (showcase or rng.random() >= 0.08)
    start = window.first_month
    if kind == "late_start" and not showcase and window.months >= 3:
        late = rng.randint(1, window.months // 2)
        start = add_months(window.first_month, late) + timedelta(days=rng.randint(0, 20))
    plan = ClientPlan(index, kind, client, start, monitored, fragility=rng.lognormvariate(0, 0.35))

    def add(model: str, begin: date, end: date | None, billing_months: int = 1) -> None:
        agreement = _agreement(model, client, begin, end, ids, rng, billing_months)
        plan.agreements.append(agreement)
        plan.sla_targets.extend(_sla_targets(agreement, rng))

    if kind in ("managed", "hybrid", "break_fix"):
        quarterly = kind == "managed" and (index == 0 or rng.random() < 0.2)
        add(kind, start, None, 3 if quarterly else 1)
    elif kind in ("switch", "tie_switch"):
        switch = _switch_day(window, rng, tie=kind == "tie_switch")
        if switch is None:
            add("break_fix", start, None)
        else:
            add("break_fix", start, switch[0])
            add("managed", switch[1], None)
    else:  # late_start: activity in the first month, the first agreement only the month after
        first_agreement = add_months(start.replace(day=1), 1) + timedelta(days=rng.randint(0, 9))
        if first_agreement > window.as_of_date:
            first_agreement = start + timedelta(days=1)
        switch_month = window.month_starts[-1]
        if showcase and window.months >= 3 and switch_month > first_agreement:
            add("break_fix", first_agreement, switch_month - timedelta(days=1))
            add("managed", switch_month, None)
        else:
            add(rng.choice(("break_fix", "managed")), first_agreement, None)
    return plan


def model_on(agreements: list[Agreement], day: date) -> Agreement | None:
    """The agreement in force on a UTC day (later start wins); used to shape behaviour."""
    best = None
    for a in agreements:
        if a.start_date <= day and (a.end_date is None or day <= a.end_date):
            if best is None or (a.start_date, a.agreement_id) > (
                best.start_date,
                best.agreement_id,
            ):
                best = a
    return best
