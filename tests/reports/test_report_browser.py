"""Every report renders in a real headless browser, offline, without console errors."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from report_support import REPORT_ARTIFACTS

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def test_reports_render_without_errors_or_network(written_reports):
    # A thread of its own: Playwright's sync API refuses a thread with a running asyncio loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_render_every_report, written_reports).result()


def _render_every_report(written_reports):
    from playwright.sync_api import sync_playwright

    REPORT_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            for path in written_reports.files_written:
                requests.clear()
                page.goto(path.as_uri())
                assert page.title()  # the head parsed
                charts = page.locator("svg.chart")
                assert charts.count() >= (3 if path.name.startswith("client-") else 1)
                assert charts.first.bounding_box()["width"] > 300  # drawn at a readable size
                assert requests == [path.as_uri()], "a report must load nothing but itself"
                page.screenshot(
                    path=str(REPORT_ARTIFACTS / f"{written_reports.week}-{path.stem}.png"),
                    full_page=True,
                )
            page.emulate_media(media="print")  # print stylesheet applies without errors
            page.goto(written_reports.portfolio_report.as_uri())
            page.screenshot(
                path=str(REPORT_ARTIFACTS / f"{written_reports.week}-portfolio-print.png"),
                full_page=True,
            )
            assert errors == []
        finally:
            browser.close()


def test_pdf_copies_are_printed_beside_the_html(report_warehouse, tmp_path):
    from pipelines.reports import write_weekly_reports

    run = write_weekly_reports(report_warehouse, "2026-W46", tmp_path, send=False, pdf=True)
    assert run.pdf_skipped is None
    assert sorted(p.stem for p in run.pdf_files) == sorted(p.stem for p in run.files_written)
    for pdf in run.pdf_files:
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF-") and content.count(b"/Type /Page") >= 2  # A4 pages
