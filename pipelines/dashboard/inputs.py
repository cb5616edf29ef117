"""Callback inputs checked at the door.

A Dash callback receives whatever JSON a request carries, not only what the page's own
controls send: a number, a list or an object where text belongs must give the page's
default, never an exception (an HTTP 500). Every page's `render` passes its inputs
through these before anything reaches a query, where they are bound parameters.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_TEXT = 200  # longer search text is cut: no client name is this long


def choice(value, allowed: Iterable[str], default: str) -> str:
    """`value` if it is one of `allowed`, else `default`."""
    return value if isinstance(value, str) and value in set(allowed) else default


def text(value, max_length: int = MAX_TEXT) -> str:
    """Free text (search boxes): '' for anything that is not a string."""
    return value[:max_length] if isinstance(value, str) else ""


def flag(value) -> bool:
    """A checklist's ticked options as one boolean: ticked when any option is on."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list):
        return any(isinstance(item, str) and item for item in value)
    return False


def identifier(value, max_length: int = MAX_TEXT) -> str | None:
    """An id typed or picked (client_id): None when it is not text."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:max_length]
