"""Progress of long work for a person: a bar on a terminal, plain lines otherwise, or nothing.

Reusable by any command (build and pull use it): the caller says when a stage starts, how far
it has got and when it ends; this decides how to show it. Everything goes to stderr, so a
command's own output (a build's summary) stays clean on stdout for scripts.
"""

from __future__ import annotations

import sys
import time
from typing import Literal, TextIO

from tqdm import tqdm

Mode = Literal["auto", "bar", "lines", "quiet"]
LINES_PER_STAGE = 12


class Progress:
    def __init__(self, mode: Mode = "auto", stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        if mode == "auto":
            mode = "bar" if getattr(self.stream, "isatty", lambda: False)() else "lines"
        self.mode = mode
        self._stage: str | None = None
        self._started = 0.0
        self._total: int | None = None
        self._done = 0
        self._bar: tqdm | None = None

    def start(self, stage: str, total: int | None = None, note: str = "") -> None:
        """A stage begins; `total` items are expected (None: unknown)."""
        if self._stage:
            self.end(self._stage)
        self._stage, self._started, self._total, self._done = stage, time.perf_counter(), total, 0
        if self.mode == "bar":
            self._bar = tqdm(total=total, desc=stage, unit="", file=self.stream, leave=True,
                             bar_format="{desc}: {n}/{total} {bar} {elapsed}{postfix}"
                             if total else "{desc}: {n} {elapsed}{postfix}")  # fmt: skip
        elif self.mode == "lines":
            self._print(f"{stage}: started" + (f" ({note})" if note else ""))

    def advance(self, note: str = "", count: int = 1) -> None:
        """One more item of the current stage done; `note` says which."""
        if not self._stage:
            return
        self._done += count
        if self._bar is not None:
            self._bar.update(count)
            if note:
                self._bar.set_postfix_str(note[:60], refresh=True)
        elif self.mode == "lines" and self._worth_a_line():
            of = f" of {self._total}" if self._total else ""
            self._print(f"{self._stage}: {self._done}{of}" + (f" {note}" if note else ""))

    def _worth_a_line(self) -> bool:
        """Plain lines go to logs: up to about ten a stage (each item when there are few)."""
        if not self._total or self._total <= LINES_PER_STAGE:
            return True
        step = -(-self._total // LINES_PER_STAGE)
        return self._done % step == 0 or self._done >= self._total

    def note(self, text: str) -> None:
        """A line of detail inside the current stage (a file and its rows)."""
        if self._bar is not None:
            self._bar.write(f"  {text}", file=self.stream)
        elif self.mode == "lines":
            self._print(f"  {text}")

    def say(self, text: str) -> None:
        """A message outside any stage (e.g. waiting for another build); silent when quiet."""
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        elif self.mode != "quiet":
            self._print(text)

    def end(self, stage: str | None = None, status: str = "done") -> None:
        if not self._stage or (stage and stage != self._stage):
            return
        seconds = time.perf_counter() - self._started
        if self._bar is not None:
            self._bar.set_postfix_str(status, refresh=True)
            self._bar.close()
            self._bar = None
        elif self.mode == "lines":
            self._print(f"{self._stage}: {status} in {seconds:.1f} s")
        self._stage = None

    def close(self) -> None:
        if self._stage:
            self.end(self._stage, "stopped")

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)
