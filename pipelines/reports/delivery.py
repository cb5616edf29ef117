"""Email delivery of written reports: SMTP settings from the environment, bounded retries,
and a send log in the week's folder so a second run never emails a report twice.

Secrets (user, password) are read from the environment only and are never logged,
never written to the send log and never put in run metadata.
"""

from __future__ import annotations

import json
import logging
import os
import re
import smtplib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path

from pipelines.reports.identity import single_line

log = logging.getLogger(__name__)

SEND_LOG = "send-log.json"
TRUE = {"1", "true", "yes", "on"}
# One plain address: no spaces, no control characters, no header syntax (<>,;:"), one @.
_ADDRESS = re.compile(r"^[^\s@<>,;:\"()\[\]\\]+@[^\s@<>,;:\"()\[\]\\]+\.[^\s@<>,;:\"()\[\]\\]+$")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    starttls: bool = True
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 20.0
    attempts: int = 3
    backoff_seconds: float = 2.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpConfig | None:
        """None when MSP_SMTP_HOST is unset: email delivery is off."""
        env = os.environ if env is None else env
        host = env.get("MSP_SMTP_HOST", "").strip()
        if not host:
            return None
        starttls = env.get("MSP_SMTP_STARTTLS", "true").strip().lower() in TRUE
        return cls(
            host=host,
            port=int(env.get("MSP_SMTP_PORT") or (587 if starttls else 25)),
            sender=env.get("MSP_REPORT_FROM", "").strip() or "msp-insights@localhost",
            starttls=starttls,
            user=env.get("MSP_SMTP_USER") or None,
            password=env.get("MSP_SMTP_PASSWORD") or None,
            attempts=max(1, int(env.get("MSP_SMTP_ATTEMPTS") or 3)),
            backoff_seconds=float(env.get("MSP_SMTP_BACKOFF_SECONDS") or 2.0),
        )

    def transport_warning(self) -> str | None:
        """Why this configuration is unsafe, or None: a login without STARTTLS sends the
        user and password in clear text to the server (and to anyone on the way)."""
        if self.user and not self.starttls:
            return (
                f"SMTP credentials for {self.host}:{self.port} are sent without TLS "
                "(MSP_SMTP_STARTTLS=false with MSP_SMTP_USER set): anyone on the network path "
                "can read the password. Turn STARTTLS on, or use a local relay without a login."
            )
        return None


def parse_recipients(text: str | None) -> list[str]:
    """Addresses separated by ';' (dim_clients.report_recipients) or ','; blanks, repeats and
    anything that is not one plain address (spaces, line breaks, header syntax) dropped."""
    seen: list[str] = []
    for part in (text or "").replace(",", ";").split(";"):
        address = part.strip()
        if _ADDRESS.match(address) and address.lower() not in (s.lower() for s in seen):
            seen.append(address)
    return seen


def build_message(
    sender: str,
    recipients: list[str],
    subject: str,
    body: str,
    attachments: list[Path],
    html: str | None = None,
    sender_name: str | None = None,
    reply_to: str | None = None,
) -> EmailMessage:
    """A multipart email: text (and an HTML alternative with the summary inline), then the
    attachments. Every header value is one line: names from exports may hold line breaks."""
    message = EmailMessage()
    sender = single_line(sender)
    message["From"] = formataddr((single_line(sender_name), sender)) if sender_name else sender
    message["To"] = ", ".join(single_line(r) for r in recipients)
    if reply_to and parse_recipients(reply_to):
        message["Reply-To"] = parse_recipients(reply_to)[0]
    message["Subject"] = single_line(subject)
    message["Message-ID"] = make_msgid(domain="msp-insights")
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        if attachment.suffix == ".pdf":
            message.add_attachment(
                attachment.read_bytes(), maintype="application", subtype="pdf",
                filename=attachment.name,
            )  # fmt: skip
        else:  # HTML as UTF-8 text, so names like "Müller" arrive as written
            message.add_attachment(
                attachment.read_text(encoding="utf-8"), subtype="html", charset="utf-8",
                filename=attachment.name,
            )  # fmt: skip
    return message


def _send_once(config: SmtpConfig, message: EmailMessage) -> None:
    with smtplib.SMTP(config.host, config.port, timeout=config.timeout_seconds) as smtp:
        if config.starttls:
            smtp.starttls()
        if config.user:
            smtp.login(config.user, config.password or "")
        smtp.send_message(message)


def send_with_retry(
    config: SmtpConfig, message: EmailMessage, sleep: Callable[[float], None] = time.sleep
) -> int:
    """Send, retrying with exponential backoff. Returns the attempts used; raises the last error."""
    for attempt in range(1, config.attempts + 1):
        try:
            _send_once(config, message)
            return attempt
        except (OSError, smtplib.SMTPException) as error:
            # The error names the server's reply or the socket failure, never the credentials.
            log.warning(
                "send of %s failed (attempt %d/%d): %s",
                message["Subject"],
                attempt,
                config.attempts,
                type(error).__name__,
            )
            if attempt == config.attempts:
                raise
            sleep(config.backoff_seconds * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


def describe_failure(error: BaseException) -> str:
    """A short reason for the run output, free of secrets (SMTP replies never echo them)."""
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: {error.smtp_code}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"recipients refused: {', '.join(sorted(error.recipients))}"
    return f"{type(error).__name__}: {error}"


class SendLog:
    """JSON record of the emails already sent for one week, keyed by report ('C0001', 'portfolio')."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, dict] = (
            json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        )

    @classmethod
    def for_week(cls, week_dir: Path) -> SendLog:
        return cls(week_dir / SEND_LOG)

    def already_sent(self, key: str) -> bool:
        return self.entries.get(key, {}).get("status") == "sent"

    def record(self, key: str, **entry: object) -> None:
        entry["logged_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        history = self.entries.get(key, {}).get("history", [])
        previous = {k: v for k, v in self.entries.get(key, {}).items() if k != "history"}
        self.entries[key] = {**entry, "history": [*history, previous] if previous else history}
        self._save()

    def _save(self) -> None:
        # Write then rename, so a crash mid-write never leaves a half log (and a resend).
        temporary = self.path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(self.entries, indent=2, default=str), encoding="utf-8")
        temporary.replace(self.path)
