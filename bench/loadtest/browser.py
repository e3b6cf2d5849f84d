"""Viewers in one headless Chromium: each an async Playwright context loading page after page.

A page load is timed from `goto` to every chart drawn (the `bench.page_timing.DRAWN` rule,
where a chart the filters leave empty counts as its "Widen the years" note). It fails on an
exception on the page, a websocket closed under it, a crash or a timeout, and on /events and
the overview it must show event counts of one build only.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from playwright.async_api import Browser, Page, WebSocket
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from bench.loadtest.checks import (
    CHARTS_BY_PATH,
    build_of,
    check_events_page,
    events_in_gantt,
    events_in_list,
    page_url,
    random_filter_params,
    visited_paths,
)
from dashboard.filters import FilterOptions

VIEWPORT = {"width": 1600, "height": 1000}
POLL_MS = 50  # the same for one viewer and for twenty, so their timings compare

# bench.page_timing.DRAWN, with a chart left empty by the filters counted as drawn.
LOADED = """(expected) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const exception = document.querySelector('[data-testid="stException"]');
  if (exception) return 'exception on the page: ' + exception.innerText.slice(0, 300);
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  const empty = [...document.querySelectorAll('[data-testid="stAlert"]')]
    .filter(a => a.innerText.includes('Widen the years')).length;
  if (charts.length + empty < expected) return false;
  if (expected === 0) return !!document.querySelector('[data-testid="stMain"] h1');
  return charts.every(c => c.querySelector('.js-plotly-plot .main-svg'));
}"""

# What a drawn page says about its connection and its event counts.
FACTS = """() => {
  const status = document.querySelector('[data-testid="stStatusWidget"]');
  const metric = [...document.querySelectorAll('[data-testid="stMetric"]')].find(m =>
    (m.querySelector('[data-testid="stMetricLabel"]')?.innerText || '').startsWith('Events,'));
  return {
    status: status ? status.innerText : '',
    texts: [...document.querySelectorAll('[data-testid="stText"]')].map(e => e.innerText),
    gantt: document.querySelector('.st-key-events-timeline .gtitle')?.textContent ?? null,
    alerts: [...document.querySelectorAll('[data-testid="stAlert"]')].map(a => a.innerText),
    eventsKpi: metric?.querySelector('[data-testid="stMetricValue"]')?.innerText ?? null,
  };
}"""

# Twenty pages waiting on a 2-core machine spend more CPU on their spinners and on the status
# widget's running-man icon (a repaint every 200 ms) than on drawing: about 0.4 CPU-s per
# second for ten waiting pages against 0.06 without (measured with a 40 s script). A real
# viewer's own computer pays for that, not the server, so the viewers here stand still. The
# status widget stays in the page, hidden, and its text is still read.
STILL_PAGE = """document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; '
    + 'transition: none !important; } '
    + '[data-testid="stStatusWidget"] { display: none !important; }';
  document.head.appendChild(style);
});"""

EventCounts = Callable[[Mapping[str, str]], Mapping[str, int]]


@dataclass
class PageLoad:
    session: int  # 0 is the single viewer measured before the load
    path: str
    params: dict[str, str]
    started_s: float  # since the load test's clock started
    ended_s: float
    seconds: float | None  # goto → every chart drawn; None when the load failed
    error: str | None = None
    build: str | None = None  # "A", "B", "either", or None: no build-specific figure read
    cold: bool = False  # the context's first page: Streamlit's and Plotly's scripts downloaded


@dataclass
class Viewer:
    """One browser context and its page, watching Streamlit's websocket."""

    number: int
    page: Page
    generation: int = 0  # bumped on each goto: a close of an older socket is ours
    closing: bool = False
    disconnects: list[str] = field(default_factory=list)
    crashed: bool = False
    pages_loaded: int = 0

    def watch(self) -> None:
        self.page.on("websocket", self._opened)
        self.page.on("crash", lambda _page: setattr(self, "crashed", True))

    def _opened(self, socket: WebSocket) -> None:
        if "/_stcore/stream" not in socket.url:
            return
        born = self.generation

        def closed(_socket: WebSocket) -> None:
            if born == self.generation and not self.closing:
                self.disconnects.append("websocket closed")

        socket.on("close", closed)
        socket.on("socketerror", lambda error: self.disconnects.append(f"socket error {error}"))


async def open_viewer(browser: Browser, number: int) -> Viewer:
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(STILL_PAGE)
    viewer = Viewer(number, await context.new_page())
    viewer.watch()
    return viewer


async def close_viewer(viewer: Viewer) -> None:
    viewer.closing = True
    await viewer.page.context.close()


async def load_page(
    viewer: Viewer,
    base_url: str,
    path: str,
    params: dict[str, str],
    *,
    clock_start: float,
    timeout_s: float,
    event_counts: EventCounts,
) -> PageLoad:
    viewer.generation += 1
    disconnects_before = len(viewer.disconnects)
    start = time.monotonic()
    load = PageLoad(viewer.number, path, params, start - clock_start, 0.0, None)
    load.cold, viewer.pages_loaded = viewer.pages_loaded == 0, viewer.pages_loaded + 1
    try:
        await viewer.page.goto(page_url(base_url, path, params), timeout=timeout_s * 1000)
        left_ms = max(1.0, (timeout_s - (time.monotonic() - start)) * 1000)
        handle = await viewer.page.wait_for_function(
            LOADED, arg=CHARTS_BY_PATH[path], timeout=left_ms, polling=POLL_MS
        )
        drawn = time.monotonic()
        outcome = await handle.json_value()
        facts = await viewer.page.evaluate(FACTS)
    except PlaywrightTimeoutError:
        load.error = f"timeout: not drawn within {timeout_s:.0f} s"
    except PlaywrightError as exc:
        load.error = ("page crashed: " if viewer.crashed else "browser: ") + str(exc).split("\n")[0]
    else:
        load.seconds = drawn - start
        load.error, load.build = _judge(outcome, facts, path, event_counts(params))
    if len(viewer.disconnects) > disconnects_before and load.error is None:
        load.error = f"disconnected: {viewer.disconnects[-1]}"
    if load.error and load.error.startswith("exception"):
        load.seconds = None  # it stopped at the exception: no render time to count
    load.ended_s = time.monotonic() - clock_start
    return load


def _judge(
    outcome: object, facts: dict, path: str, expected: Mapping[str, int]
) -> tuple[str | None, str | None]:
    """(error, build) for a drawn page."""
    if isinstance(outcome, str):
        return outcome, None
    if any(word in facts["status"].lower() for word in ("connecting", "error")):
        return f"disconnected: the status widget says {facts['status']!r}", None
    # A rebuild must never leave a page on the backup ("… is damaged") or without data.
    for alert in facts["alerts"]:
        if "is damaged" in alert or "could not be loaded" in alert:
            return f"database unavailable: {' '.join(alert.split())[:200]}", None
    if path == "events":
        build, problem = check_events_page(
            events_in_list(facts["texts"]),
            events_in_gantt(facts["gantt"]),
            any("No events match" in alert for alert in facts["alerts"]),
            expected,
        )
        return (f"mixed builds: {problem}" if problem else None), build
    if path == "" and facts["eventsKpi"] is not None:
        shown = facts["eventsKpi"].replace(",", "").strip()
        if not shown.isdigit():
            return f"wrong build: the events card shows {shown!r}", None
        build, problem = build_of(int(shown), expected)
        return (f"wrong build: {problem}" if problem else None), build
    return None, None


async def single_viewer(
    browser: Browser,
    base_url: str,
    rounds: int,
    rng: random.Random,
    options: FilterOptions,
    *,
    clock_start: float,
    timeout_s: float,
    event_counts: EventCounts,
) -> list[PageLoad]:
    """One viewer loads every page `rounds` times after a warm-up round that is not kept."""
    viewer = await open_viewer(browser, 0)
    loads = []
    try:
        for round_number in range(rounds + 1):
            for path in visited_paths():
                load = await load_page(
                    viewer,
                    base_url,
                    path,
                    random_filter_params(rng, options, path),
                    clock_start=clock_start,
                    timeout_s=timeout_s,
                    event_counts=event_counts,
                )
                if round_number:
                    loads.append(load)
    finally:
        await close_viewer(viewer)
    return loads


async def busy_viewer(
    browser: Browser,
    number: int,
    base_url: str,
    until: float,
    rng: random.Random,
    options: FilterOptions,
    loads: list[PageLoad],
    *,
    think_s: float = 0.0,
    clock_start: float,
    timeout_s: float,
    event_counts: EventCounts,
) -> None:
    """Cycle through every page with random filters until `until` (time.monotonic).

    With `think_s`, the viewer reads each page for 0.5–1.5 × `think_s` before the next one.
    """
    viewer = await open_viewer(browser, number)
    paths = visited_paths()
    step = number  # viewers start on different pages
    try:
        while time.monotonic() < until:
            path = paths[step % len(paths)]
            step += 1
            load = await load_page(
                viewer,
                base_url,
                path,
                random_filter_params(rng, options, path),
                clock_start=clock_start,
                timeout_s=timeout_s,
                event_counts=event_counts,
            )
            loads.append(load)
            if viewer.crashed:  # a crashed page takes no more gotos: open a fresh one
                await close_viewer(viewer)
                viewer = await open_viewer(browser, number)
            if think_s:
                await asyncio.sleep(min(think_s * rng.uniform(0.5, 1.5), until - time.monotonic()))
    finally:
        await close_viewer(viewer)
