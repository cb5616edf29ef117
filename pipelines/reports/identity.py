"""Who sends the reports and in what currency: the MSP's own settings, read when asked.

| variable | default | meaning |
|---|---|---|
| MSP_NAME | "Your IT provider" | the MSP's name, on every report and email |
| MSP_REPORT_REPLY_TO | (none) | where clients' replies go, e.g. the service desk |
| MSP_CURRENCY | USD | ISO 4217 code of every amount in the warehouse |

The sender address, MSP_REPORT_FROM, is an SMTP setting (delivery.SmtpConfig).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_NAME = "Your IT provider"
# Symbols people read at a glance; any other code is written before the amount ("CHF 1,234.50").
SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥", "INR": "₹"}


@dataclass(frozen=True)
class MspIdentity:
    name: str = DEFAULT_NAME
    reply_to: str | None = None
    currency: str = "USD"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MspIdentity:
        env = os.environ if env is None else env
        currency = (env.get("MSP_CURRENCY") or "USD").strip().upper()
        if not (len(currency) == 3 and currency.isalpha()):
            raise ValueError(f"MSP_CURRENCY must be a three-letter ISO 4217 code, got {currency!r}")
        return cls(
            name=single_line(env.get("MSP_NAME", "")) or DEFAULT_NAME,
            reply_to=single_line(env.get("MSP_REPORT_REPLY_TO", "")) or None,
            currency=currency,
        )

    def money(self, value: object, whole: bool = False) -> str:
        """An amount with its currency: "$1,234.50", "-$80.00", "CHF 1,234.50"; "n/a" if unknown."""
        if value is None:
            return "n/a"
        amount = Decimal(str(value))
        digits = f"{abs(amount):,.0f}" if whole else f"{abs(amount):,.2f}"
        sign = "-" if amount < 0 else ""
        symbol = SYMBOLS.get(self.currency)
        return f"{sign}{symbol}{digits}" if symbol else f"{sign}{self.currency} {digits}"


def single_line(text: object) -> str:
    """Control characters (CR, LF, tabs, NUL...) become spaces and runs of spaces one space.

    Values from exports end up in email headers and subjects: a line break there would
    either start a new header (injection) or make the email library refuse the message.
    """
    cleaned = "".join(" " if (ord(ch) < 32 or ord(ch) == 127) else ch for ch in str(text or ""))
    return " ".join(cleaned.split())
