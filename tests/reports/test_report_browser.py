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
                assert charts.count() >= (2 if path.name.startswith("client-") else 1)
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
    printed = [*run.client_reports.values(), run.portfolio_report]  # briefs stay HTML
    assert sorted(p.stem for p in run.pdf_files) == sorted(p.stem for p in printed)
    for pdf in run.pdf_files:
        content = pdf.read_bytes()
        assert content.startswith(b"%PDF-") and b"/Type /Page" in content


PHONE = {"width": 390, "height": 844}


def test_nothing_overflows_a_phone_and_screenshots_are_taken(
    written_reports, report_warehouse, tmp_path
):
    # The client email's HTML body too: it is what a phone shows first.
    email_html = tmp_path / "client-email-C0002.html"
    email_html.write_text(_client_email_html(report_warehouse, written_reports.week), "utf-8")
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_check_phone_width, written_reports, email_html).result()


def _check_phone_width(written_reports, email_html):
    from playwright.sync_api import sync_playwright

    REPORT_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = [*written_reports.files_written, email_html]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for viewport, tag in ((PHONE, "390px"), ({"width": 1200, "height": 900}, "desktop")):
                page = browser.new_page(viewport=viewport)
                for path in pages:
                    page.goto(path.as_uri())
                    widths = page.evaluate(
                        "[document.documentElement.scrollWidth, document.body.scrollWidth,"
                        " window.innerWidth]"
                    )
                    assert max(widths[:2]) <= widths[2], (path.name, tag, widths)
                    if path.stem in ("client-C0002", "account-C0002", "client-C0001", "portfolio"):
                        page.screenshot(
                            path=str(REPORT_ARTIFACTS / f"{path.stem}-{tag}.png"), full_page=True
                        )
                page.close()
        finally:
            browser.close()


def _client_email_html(warehouse, week: str) -> str:
    from datetime import UTC, datetime

    from pipelines.reports import queries, render
    from pipelines.reports.weeks import IsoWeek

    with queries.connect_read_only(warehouse) as con:
        figures = queries.load_week(con, IsoWeek.parse(week))
    html, _ = render.render_client_summary(figures, "C0002", datetime.now(UTC))
    return html


def test_a_client_report_prints_on_at_most_three_a4_pages(report_warehouse, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from pipelines.reports import write_weekly_reports

    run = write_weekly_reports(report_warehouse, "2026-W46", tmp_path, send=False, pdf=True)
    assert run.pdf_skipped is None
    counts = {}
    for client_id, html in run.client_reports.items():
        reader = pypdf.PdfReader(str(html.with_suffix(".pdf")))
        counts[client_id] = len(reader.pages)
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 (210 x 297 mm) in points
    print("client report pages:", counts)
    assert counts and max(counts.values()) <= 3, counts
