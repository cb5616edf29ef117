"""Checks a command runs on its arguments before it works (docs/design.md section 7).

Each raises ArgumentError with one line naming the argument and what is wrong, so a bad
invocation costs nothing (no 26 s build before a missing folder is noticed) and the CLI
exits 2 with that line, never a traceback.
"""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class ArgumentError(ValueError):
    """A bad invocation: the message is the one line the user sees."""


def iso_week(text: str) -> str:
    """argparse type for --week: YYYY-Www, a week that exists (2026-W53 does, 2025-W53 not)."""
    from pipelines.reports.weeks import IsoWeek

    try:
        return str(IsoWeek.parse(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def as_of_time(text: str) -> str:
    """argparse type for --as-of: an ISO-8601 time (a date alone means its midnight, UTC)."""
    try:
        datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO-8601 time: {text!r} (e.g. 2026-03-31T18:00:00Z)"
        ) from None
    return text.strip()


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return value


def port(text: str) -> int:
    value = positive_int(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"must be a TCP port (1-65535), got {text!r}")
    return value


def landing_with_files(landing: Path, given_as: str) -> None:
    """The landing folder exists and holds export files (in its source folders)."""
    if not landing.exists():
        raise ArgumentError(f"{given_as}: landing folder {landing} does not exist")
    if not landing.is_dir():
        raise ArgumentError(f"{given_as}: {landing} is not a folder")
    exports = [
        path
        for path in landing.glob("*/*")
        if path.is_file() and not path.name.startswith((".", "_"))
    ]
    if not exports:
        raise ArgumentError(
            f"{given_as}: landing folder {landing} holds no export files "
            "(expected <source>/<entity>*.csv, e.g. generic/tickets.csv)"
        )


def valid_warehouse(path: Path, given_as: str, must_exist: bool, hint: str = "") -> None:
    """A warehouse file that is a DuckDB database (or, when it may be new, is absent)."""
    if not path.exists():
        if must_exist:
            raise ArgumentError(f"{given_as} {path} does not exist" + (f"; {hint}" if hint else ""))
        if not _creatable(path.parent):
            raise ArgumentError(f"{given_as} {path}: cannot create its folder")
        return
    if path.is_dir():
        raise ArgumentError(f"{given_as} {path} is a folder, not a DuckDB file")
    try:
        with path.open("rb") as file:
            header = file.read(12)
    except OSError as error:
        raise ArgumentError(f"{given_as} {path}: cannot read it: {error.strerror}") from None
    if header[8:12] != DUCKDB_MAGIC:
        raise ArgumentError(
            f"{given_as} {path} is not a DuckDB database ({path.stat().st_size:,} bytes); "
            "move it aside or name another file"
        )


def writable_folder(folder: Path, given_as: str) -> None:
    """An output folder that exists and is writable, or can be made."""
    if folder.exists() and not folder.is_dir():
        raise ArgumentError(f"{given_as} {folder} is a file, not a folder")
    if not _creatable(folder):
        raise ArgumentError(f"{given_as} {folder}: cannot write there")


def _creatable(folder: Path) -> bool:
    """The folder exists and is writable, or could be created under a writable ancestor."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate.is_dir() and os.access(candidate, os.W_OK)
    return False
