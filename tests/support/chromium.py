"""Debian's Chromium driven by Playwright: an offline browser context, and waiting for a page.

Playwright's own browser download is never used; `/usr/bin/chromium` is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    expect,
)

# The same flags as the benchmarks: without them Chromium calls home on a closed network.
from bench.streamlit_server import CHROMIUM_ARGS

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1600, "height": 1000}
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# The first Plotly chart waits for the lazy-loaded Plotly bundle, and the map for its topojson.
DRAW_TIMEOUT_MS = 30_000

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DRAWN_CHART = '[data-testid="stPlotlyChart"]:has(.js-plotly-plot .main-svg)'


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@dataclass
class PageProblems:
    """What went wrong in the browser that a person would not see on the page itself."""

    console_errors: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.blocked_requests)


def _is_base_path_probe(message: ConsoleMessage) -> bool:
    # On a deep link (/events) Streamlit's frontend first tries /events/_stcore/health and
    # /events/_stcore/host-config to find the server's base path; those 404s are by design.
    url = message.location.get("url", "")
    return "status of 404" in message.text and url.endswith(
        ("/_stcore/health", "/_stcore/host-config")
    )


def offline_context(
    browser: Browser, problems: PageProblems, locale: str | None = None
) -> BrowserContext:
    """A fresh context that can reach only this machine, recording errors into `problems`;
    `locale` sets the browser's language (navigator.language and Accept-Language)."""
    context = browser.new_context(viewport=VIEWPORT, **({"locale": locale} if locale else {}))
    context.set_default_timeout(DRAW_TIMEOUT_MS)

    def only_local(route: Route) -> None:
        # The dashboard must work with no internet: every other host is refused.
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            problems.blocked_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not _is_base_path_probe(message):
            problems.console_errors.append(f"{message.text} ({message.location.get('url')})")

    context.on("console", on_console)
    context.on("weberror", lambda error: problems.console_errors.append(str(error.error)))
    return context


def wait_for_page(page: Page, charts: int) -> None:
    """Wait until the script has finished and every one of `charts` Plotly charts is drawn."""
    expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(charts, timeout=DRAW_TIMEOUT_MS)
    # The script finishes before the lazy-loaded Plotly bundle has drawn anything.
    expect(page.locator(DRAWN_CHART)).to_have_count(charts, timeout=DRAW_TIMEOUT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def open_home_once(browser: Browser, base_url: str) -> None:
    """Warm a new server with one run of app.py.

    The first run imports the app's modules and opens the database; done here, it does not
    count against the first test's draw timeout. Deep links work without it
    (test_a_first_visitor_can_open_a_deep_link_on_a_fresh_server uses a server of its own).
    """
    context = offline_context(browser, PageProblems())
    try:
        page = context.new_page()
        page.goto(base_url)
        expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)
    finally:
        context.close()
