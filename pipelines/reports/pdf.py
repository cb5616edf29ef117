"""Optional PDF copies of the reports, printed by a headless Chromium through Playwright.

PDF is what the print stylesheet gives, so the HTML stays the one source. It needs
the `playwright` package and a Chromium on the machine (Debian's `/usr/bin/chromium`,
or `MSP_CHROMIUM`); Playwright's own browser download is never used.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> Path | None:
    configured = os.environ.get("MSP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    path = Path(configured)
    return path if path.exists() else None


def pdf_unavailable_reason() -> str | None:
    """None when PDFs can be printed here, else why not (for the run output)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    if chromium_path() is None:
        return "no Chromium found (install Debian's chromium or set MSP_CHROMIUM)"
    return None


def write_pdfs(html_files: Iterable[Path]) -> list[Path]:
    """Print each HTML file to a PDF beside it (A4, backgrounds on); one browser for all.

    On a thread of its own: Playwright's sync API refuses to start in a thread where an
    asyncio loop is running (as it is inside some hosts, e.g. a notebook or a Dagster run).
    """
    files = list(html_files)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print_pdfs, files).result()


def _print_pdfs(html_files: list[Path]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written: list[Path] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for html in html_files:
                page.goto(html.resolve().as_uri())
                target = html.with_suffix(".pdf")
                page.pdf(path=str(target), format="A4", print_background=True)
                written.append(target)
        finally:
            browser.close()
    return written
