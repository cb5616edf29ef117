"""The dashboard served on a free localhost port, and Debian's chromium driven by Playwright.

The warehouse is the sample marts with a build's other tables (hand-set clients, see
pipelines/dashboard/sample_marts.py), published as a build would publish it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from pipelines.dashboard import create_app
from pipelines.dashboard.sample_marts import write_sample_marts
from pipelines.publish import publish_warehouse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"


@pytest.fixture(scope="session")
def dashboard_warehouse(tmp_path_factory) -> Path:
    build = write_sample_marts(
        tmp_path_factory.mktemp("build") / "warehouse.duckdb",
        clients=12,
        months=24,
        with_build_tables=True,
    )
    published = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    publish_warehouse(build, published)
    return published


@pytest.fixture(scope="session")
def dashboard_url(dashboard_warehouse):
    server = make_server("127.0.0.1", 0, create_app(dashboard_warehouse).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


# Package scope: Playwright's sync API refuses to start while another sync session is open,
# so the browser must be closed before tests elsewhere (reports, PDF) start their own.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import expect, sync_playwright

    # Generous: the test machine's two cores are shared; a page normally answers in well under 1 s.
    expect.set_options(timeout=20_000)

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="package")
def browser_context(browser):
    """One context for the session, so the dashboard's scripts are fetched and cached once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context
    context.close()


@pytest.fixture
def page(browser_context, dashboard_url):
    """A fresh tab that fails the test on any request leaving localhost (no CDN)."""
    tab = browser_context.new_page()
    outside = []
    tab.on(
        "request",
        lambda request: (
            None if request.url.startswith(dashboard_url) else outside.append(request.url)
        ),
    )
    tab.set_default_timeout(20_000)
    yield tab
    tab.close()
    assert not outside, f"the dashboard fetched from outside localhost: {outside}"


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
