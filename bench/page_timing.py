"""Timing what a person sees in headless Chromium: from `goto` to every chart and table drawn."""

from __future__ import annotations

import time

from playwright.sync_api import Browser, Page

# The window every page is timed and weighed in.
VIEWPORT = {"width": 1600, "height": 1000}

# The app has finished its script run, every Plotly chart on the page has drawn its SVG and
# every table (st.dataframe, a canvas grid whose code loads apart) its canvas.
DRAWN = """([expected, tables]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stException"]')) return 'exception';
  const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
  if (grids.length < tables || !grids.every(g => g.querySelector('canvas'))) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  if (charts.length < expected) return false;
  if (expected === 0) return !!document.querySelector('[data-testid="stMain"] h1');
  return charts.every(c => c.querySelector('.js-plotly-plot .main-svg'));
}"""


def wait_drawn(page: Page, charts: int, tables: int = 0, timeout_ms: float = 30_000) -> None:
    try:
        result = page.wait_for_function(DRAWN, arg=[charts, tables], timeout=timeout_ms, polling=20)
    except Exception as exc:
        raise RuntimeError(
            f"{page.url}: charts not drawn within {timeout_ms / 1000:.0f} s"
        ) from exc
    if result.json_value() == "exception":
        raise RuntimeError(f"{page.url} shows an exception")


def time_page_load(browser: Browser, url: str, charts: int, tables: int = 0) -> float:
    """Seconds from `goto` to every chart and table drawn, in a fresh browser context."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        wait_drawn(page, charts, tables)
        return time.perf_counter() - start
    finally:
        context.close()


def time_filter_changes(browser: Browser, url: str, charts: int, runs: int) -> list[float]:
    """Seconds from moving the year slider's first handle to the charts redrawn, `runs` times.

    The handle moves right, then back, so every run is a real change of the filters.
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        wait_drawn(page, charts)
        handle = page.locator('[data-testid="stSlider"] input[type="range"]').first
        timings = []
        for run in range(runs):
            handle.focus()
            moved = run % 2 == 0
            start = time.perf_counter()
            page.keyboard.press("ArrowRight" if moved else "ArrowLeft")
            # The script writes `from` into the URL when the range is narrowed, and removes it
            # when it is back to every year; then the run ends and the charts draw.
            page.wait_for_function(
                "(moved) => new URLSearchParams(location.search).has('from') === moved",
                arg=moved,
                polling=10,
            )
            wait_drawn(page, charts)
            timings.append(time.perf_counter() - start)
        return timings
    finally:
        context.close()


def time_new_filter_changes(browser: Browser, url: str, charts: int, runs: int) -> list[float]:
    """As `time_filter_changes`, but each run moves the first handle one year further right:
    years no one has asked for yet, so no query result is cached."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(url)
        wait_drawn(page, charts)
        handle = page.locator('[data-testid="stSlider"] input[type="range"]').first
        first = int(handle.get_attribute("aria-valuenow") or handle.input_value())
        timings = []
        for run in range(1, runs + 1):
            handle.focus()
            start = time.perf_counter()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                "(year) => new URLSearchParams(location.search).get('from') === String(year)",
                arg=first + run,
                polling=10,
            )
            wait_drawn(page, charts)
            timings.append(time.perf_counter() - start)
        return timings
    finally:
        context.close()
