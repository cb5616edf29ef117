"""Sequential, zero-padded record ids, unique across the whole portfolio."""

from __future__ import annotations

_FORMATS = {
    "client": "C{:04d}",
    "device": "D{:06d}",
    "event": "E{:08d}",
    "ticket": "T{:07d}",
    "time_entry": "TE{:08d}",
    "technician": "TECH{:03d}",
    "agreement": "A{:05d}",
    "invoice": "INV{:07d}",
}


class IdSequence:
    def __init__(self) -> None:
        self._last = dict.fromkeys(_FORMATS, 0)

    def next(self, kind: str) -> str:
        self._last[kind] += 1
        return _FORMATS[kind].format(self._last[kind])
