"""One build at a time per warehouse: an OS file lock beside the warehouse file.

DuckDB's own lock only holds while a connection is open, and a build opens and closes the
warehouse many times (ingest, dbt, checks, publish), so two builds used to interleave step by
step until one hit the other's connection. The build takes `<warehouse>.build-lock` for its
whole run instead. It is an `fcntl.flock` lock: the kernel releases it when the process
ends, however it ends (a SIGKILL included), so a crashed build never leaves a stale lock.
The file itself stays; it only names the holder (pid, start time) for the message.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class BuildLocked(RuntimeError):
    """Another build holds the warehouse and the caller chose not to wait."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f"{warehouse.name}.build-lock")


def holder(lock_file: Path) -> str:
    """'pid N, started T' as the holder wrote it, or what is known when it has not yet."""
    try:
        text = lock_file.read_text().strip()
    except OSError:
        text = ""
    return text or "pid unknown"


@contextmanager
def one_build_at_a_time(
    warehouse: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse's build lock for the block; wait for it, or raise BuildLocked."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = f"another build ({holder(path)}) is running on {warehouse}"
            if not wait:
                raise BuildLocked(message) from None
            if on_wait:
                on_wait(f"{message}; waiting for it to finish (--no-wait to refuse instead)")
            fcntl.flock(fd, fcntl.LOCK_EX)
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # the next waiter's message must not name a finished build
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
