"""Read the figures back out of a written report: each is a span with the mart's exact value."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    metric: str
    key: str
    value: str
    text: str


class _FigureParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.figures: list[Figure] = []
        self._open: dict | None = None
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "span" and "data-metric" in attributes:
            self._open = {**attributes, "text": ""}

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "span" and self._open is not None:
            f = self._open
            self.figures.append(
                Figure(f["data-metric"], f.get("data-key", ""), f["data-value"], f["text"])
            )
            self._open = None


def figures(path: Path) -> list[Figure]:
    parser = _FigureParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.figures


def figure_map(path: Path) -> dict[tuple[str, str], Figure]:
    found: dict[tuple[str, str], Figure] = {}
    for figure in figures(path):
        found.setdefault((figure.metric, figure.key), figure)
    return found
