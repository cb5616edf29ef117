"""The support-model case in the client's own numbers, and its conclusion in words.

Break-fix and hybrid clients see what they paid (by kind), what downtime cost them and what
a managed plan would have cost over the same months; managed clients see the same months
without their plan. The sums come from marts.fct_client_model_counterfactual_monthly
(queries._case_sums); this module only picks the sides and writes the sentences, and it
says so plainly when the numbers do not favour a switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pipelines.reports.identity import MspIdentity
from pipelines.reports.wording import model_words

# Which model the client's numbers are weighed against.
ALTERNATIVE = {"break_fix": "managed", "hybrid": "managed", "managed": "break_fix"}


@dataclass(frozen=True)
class CaseSide:
    """One model's figures over a period, as the client would have paid them."""

    support_model: str
    fee: Decimal
    labor: Decimal
    emergency_labor: Decimal
    parts: Decimal
    it_cost: Decimal
    downtime_minutes: float | None
    downtime_cost: Decimal | None
    total_cost: Decimal | None
    # The low and high ends of a modelled downtime cost (None when the mart gives no range).
    downtime_cost_low: Decimal | None = None
    downtime_cost_high: Decimal | None = None
    # The MSP's side: for the account brief only, never given to the client template.
    msp_revenue: Decimal | None = None
    msp_cost: Decimal | None = None
    msp_margin: Decimal | None = None
    msp_margin_pct: float | None = None


@dataclass(frozen=True)
class CasePeriod:
    period_months: int  # asked for: 3 or 12
    months: int  # complete months on record in it
    first_month: date
    last_month: date
    actual: CaseSide
    alternative: CaseSide

    @property
    def label(self) -> str:
        if self.months == 1 and self.period_months > 1:
            return f"The only complete month on record ({months_phrase(self)})"
        if self.months < self.period_months:
            return f"The {self.months} complete months on record ({months_phrase(self)})"
        return f"Last {self.period_months} complete months ({months_phrase(self)})"

    @property
    def short_label(self) -> str:
        """For a narrow screen: "Aug-Oct 2026" (3 months)."""
        first, last = self.first_month, self.last_month
        span = (
            last.strftime("%b %Y")
            if first == last
            else f"{first.strftime('%b')}–{last.strftime('%b %Y')}"
            if first.year == last.year
            else f"{first.strftime('%b %Y')}–{last.strftime('%b %Y')}"
        )
        return f"{span} ({self.months} month{'s' if self.months != 1 else ''})"

    @property
    def difference(self) -> Decimal | None:
        """What the alternative would have cost minus what the client's model cost, all in."""
        if self.actual.total_cost is None or self.alternative.total_cost is None:
            return None
        return self.alternative.total_cost - self.actual.total_cost


@dataclass(frozen=True)
class SupportModelCase:
    current_model: str
    alternative_model: str
    periods: list[CasePeriod]
    conclusion: str
    favours_switch: bool | None  # None: no clear answer (mixed, or downtime unknown)


def months_phrase(period: CasePeriod) -> str:
    first, last = period.first_month, period.last_month
    if first == last:
        return last.strftime("%B %Y")
    if first.year == last.year:
        return f"{first.strftime('%B')} to {last.strftime('%B %Y')}"
    return f"{first.strftime('%B %Y')} to {last.strftime('%B %Y')}"


def _money(value: object) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal("0.00")


def _side(row: dict, model: str) -> CaseSide:
    known_downtime = row["months_with_downtime_cost"] == row["months"]
    return CaseSide(
        support_model=model,
        fee=_money(row["fee"]),
        labor=_money(row["labor"]),
        emergency_labor=_money(row["emergency_labor"]),
        parts=_money(row["parts"]),
        it_cost=_money(row["it_cost"]),
        # A month without monitoring has no downtime figure: the total is unknown then.
        downtime_minutes=float(row["downtime_minutes"]) if known_downtime else None,
        downtime_cost=_money(row["downtime_cost"]) if known_downtime else None,
        total_cost=_money(row["total_cost"]) if known_downtime else None,
        downtime_cost_low=_bound(row.get("downtime_cost_low"), known_downtime),
        downtime_cost_high=_bound(row.get("downtime_cost_high"), known_downtime),
        msp_revenue=row.get("msp_revenue"),
        msp_cost=row.get("msp_cost"),
        msp_margin=row.get("msp_margin"),
        msp_margin_pct=row.get("msp_margin_pct"),
    )


def _bound(value: object, known: bool) -> Decimal | None:
    return Decimal(str(value)) if known and value is not None else None


def build_case(sums: list[dict], msp: MspIdentity) -> SupportModelCase | None:
    """The case from one client's rows of queries._case_sums; None without a model to weigh."""
    if not sums:
        return None
    current = sums[0]["model_in_force"]
    alternative = ALTERNATIVE.get(current)
    if alternative is None:
        return None
    by_key = {(r["period_months"], r["side"]): r for r in sums}
    periods: list[CasePeriod] = []
    for period_months in sorted({r["period_months"] for r in sums}):
        actual, other = (
            by_key.get((period_months, "actual")),
            by_key.get((period_months, alternative)),
        )
        if actual is None or other is None:
            continue
        if periods and periods[-1].months == actual["months"]:
            continue  # fewer than 12 months on record: the longer period would repeat the shorter
        periods.append(
            CasePeriod(
                period_months=period_months,
                months=actual["months"],
                first_month=actual["first_month"],
                last_month=actual["last_month"],
                actual=_side(actual, current),
                alternative=_side(other, alternative),
            )
        )
    if not periods:
        return None
    conclusion, favours = _conclusion(current, alternative, periods, msp)
    return SupportModelCase(current, alternative, periods, conclusion, favours)


def _conclusion(
    current: str, alternative: str, periods: list[CasePeriod], msp: MspIdentity
) -> tuple[str, bool | None]:
    short = periods[0]
    # The longer period speaks only when its downtime cost is known too.
    long = next((p for p in reversed(periods) if p.difference is not None), short)
    if short.difference is None:
        return (
            f"We cannot yet estimate what downtime cost you, or would have cost you, in "
            f"{months_phrase(short)}, so we draw no conclusion: {model_words(current).lower()} support cost you "
            f"{msp.money(short.actual.it_cost)} for IT work in those months, and "
            f"{model_words(alternative).lower()} support would have cost about "
            f"{msp.money(short.alternative.it_cost)} before downtime.",
            None,
        )
    if current == "managed":
        return _managed_conclusion(short, long, msp)
    # A switch pays when the managed total is below the client's, in every period shown.
    cheaper = [p.difference < 0 for p in periods if p.difference is not None]
    opening = (
        f"From {months_phrase(short)} you paid {msp.money(short.actual.it_cost)} for IT support, and "
        f"downtime cost your business an estimated {msp.money(short.actual.downtime_cost)}: "
        f"{msp.money(short.actual.total_cost)} in all. A managed plan would have cost about "
        f"{msp.money(short.alternative.total_cost)} for the same months, downtime included"
    )
    if all(cheaper):
        longer = (
            f" Over {months_phrase(long)} the difference was {msp.money(-long.difference)}."
            if long is not short
            else ""
        )
        return (
            f"{opening}: {msp.money(-short.difference)} less.{longer} On your own numbers, a "
            "managed plan would have cost you less.",
            True,
        )
    if not any(cheaper):
        longer = (
            f" Over {months_phrase(long)} too, it would have cost {msp.money(long.difference)} more."
            if long is not short
            else ""
        )
        return (
            f"{opening}: {msp.money(short.difference)} more.{longer} On these numbers "
            f"{model_words(current).lower()} support has cost you less, and we do not recommend a "
            "change on cost grounds.",
            False,
        )
    recent = "less" if short.difference < 0 else "more"
    overall = "less" if long.difference < 0 else "more"
    return (
        f"{opening}: {msp.money(abs(short.difference))} {recent}. Over {months_phrase(long)}, "
        f"however, it would have cost {msp.money(abs(long.difference))} {overall}. The numbers do "
        "not make a clear case either way yet; we will keep comparing them in this report.",
        None,
    )


def _managed_conclusion(
    short: CasePeriod, long: CasePeriod, msp: MspIdentity
) -> tuple[str, bool | None]:
    plan, without = short.actual, short.alternative
    downtime = (
        f"downtime ({plan.downtime_minutes:,.0f} minutes) cost your business an estimated "
        f"{msp.money(plan.downtime_cost)}"
        if plan.downtime_cost
        else f"downtime ({plan.downtime_minutes:,.0f} minutes, all outside working hours) cost "
        "your business nothing"
    )
    opening = (
        f"From {months_phrase(short)} your managed plan cost {msp.money(plan.it_cost)}, and "
        f"{downtime}: {msp.money(plan.total_cost)} in all. Without the plan, "
        "paying by the hour for the same work and with the downtime we estimate you would have "
        f"had ({without.downtime_minutes:,.0f} minutes), those months would have cost about "
        f"{msp.money(without.total_cost)}"
    )
    longer = ""
    if long is not short and long.difference is not None:
        word = "more" if long.difference > 0 else "less"
        longer = (
            f" Over {months_phrase(long)}, going without it would have cost "
            f"{msp.money(abs(long.difference))} {word}."
        )
    if short.difference > 0:
        return (
            f"{opening}: {msp.money(short.difference)} more. The plan saved you money.{longer}",
            False,
        )
    return (
        f"{opening}: {msp.money(-short.difference)} less than with the plan. On cost alone, paying "
        "by the hour would have been cheaper in these months; the plan's value was in less downtime "
        f"and a predictable bill.{longer}",
        True,
    )
