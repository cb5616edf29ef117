"""Helpers shared by the report tests: where screenshots go, and a loopback SMTP inbox."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from aiosmtpd.smtp import AuthResult, LoginPassword

REPORT_ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
SECRET = "s3cret-Pa55-not-for-logs"


class Inbox:
    """Accepts every message after the first ``refuse_first`` attempts (which get a 451)."""

    def __init__(self, refuse_first: int = 0):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.refuse_left = refuse_first

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_left > 0:
            self.refuse_left -= 1
            return "451 Try again later"
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((sorted(envelope.rcpt_tos), parsed))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == SECRET.encode()
    return AuthResult(success=ok)
