"""Every chart of every page, view and slide, as drawn on the shipped data: one unit per axis,
initiatives told apart without hovering, no label cut short; and slides that fit the window.

The units come from the counts table itself, never from the figure: a trace is matched to the
counts series whose reports hold its points.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from playwright.sync_api import Browser, Locator, Page

from tests.support.app_server import build_database, running_app
from tests.support.chromium import (
    DRAWN_CHART,
    PageProblems,
    offline_context,
    open_home_once,
    wait_for_page,
)
from tests.support.figure_checks import (
    MIN_DISTANCE,
    TRACES_JS,
    counts_units,
    look_alike_legend_entries,
    mixed_axes,
)
from tests.support.paths import REPO_ROOT

SHIPPED_DATA = REPO_ROOT / "data"
SLIDES = 8
# Every page and view that draws a chart, and how many it draws on the shipped data.
VIEWS = [
    ("/", 1),
    ("/?view=Milestones", 1),
    ("/partners", 3),
    ("/working-groups", 2),
    ("/events", 2),
    ("/releases", 2),
    *((f"/present?slide={n}", 1) for n in range(1, SLIDES + 1)),
]
CUT = ("…", "...")
# Every piece of text Plotly draws: tick labels, titles, legend entries, value labels, notes.
SVG_TEXT = ".main-svg text"
# Streamlit cuts a tile's title with a CSS ellipsis, which no text content shows: compare widths.
CUT_TILE_TITLES = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"] *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(SHIPPED_DATA, tmp_path_factory.mktemp("shipped") / "programme.duckdb")


@pytest.fixture(scope="module")
def shipped_url(shipped_db: Path, browser: Browser) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp, running_app(shipped_db, Path(tmp) / "log") as url:
        open_home_once(browser, url)
        yield url


@pytest.fixture(scope="module")
def reports(shipped_db: Path) -> pd.DataFrame:
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        return counts_units(con)


@pytest.fixture
def shipped_page(browser: Browser) -> Iterator[Page]:
    problems = PageProblems()
    context = offline_context(browser, problems)
    yield context.new_page()
    context.close()
    assert not problems, problems


def chart_problems(chart: Locator, reports: pd.DataFrame) -> list[str]:
    """What a reader of this one chart would trip over."""
    figure = chart.locator(".js-plotly-plot").evaluate(TRACES_JS)
    found = [
        f"counts of several units share the y axis {a}: {u}"
        for a, u in mixed_axes(figure, reports).items()
    ]
    found += [
        f"{a!r} and {b!r} look alike (CIE76 {d} < {MIN_DISTANCE})"
        for a, b, d in look_alike_legend_entries(figure)
    ]
    texts = chart.locator(SVG_TEXT).all_text_contents()
    found += [f"label cut short: {t!r}" for t in texts if t.strip().endswith(CUT)]
    return found


def draw_every_chart(page: Page, url: str, charts: int) -> list[Locator]:
    page.goto(url)
    wait_for_page(page, charts=charts)
    if url.endswith("/"):
        # The Growth view's playback is a chart of its own.
        page.get_by_text("Play the growth of partners, UN agencies and KPI cities").click()
        charts += 1
        wait_for_page(page, charts=charts)
    return page.locator(DRAWN_CHART).all()


@pytest.mark.parametrize(("path", "charts"), VIEWS)
def test_every_chart_keeps_one_unit_per_axis_tells_initiatives_apart_and_cuts_no_label(
    shipped_page: Page, shipped_url: str, reports: pd.DataFrame, path: str, charts: int
) -> None:
    shipped_page.set_viewport_size({"width": 1440, "height": 900})
    drawn = draw_every_chart(shipped_page, shipped_url + path, charts)
    found = []
    for chart in drawn:
        chart.scroll_into_view_if_needed()
        found += chart_problems(chart, reports)
    found += [f"tile title cut short: {t!r}" for t in shipped_page.evaluate(CUT_TILE_TITLES)]
    assert not found, found


@pytest.mark.parametrize("window", [(1280, 720), (1440, 900), (1920, 1080)], ids=str)
def test_every_slide_and_its_footer_fit_the_window(
    shipped_page: Page, shipped_url: str, window: tuple[int, int]
) -> None:
    width, height = window
    shipped_page.set_viewport_size({"width": width, "height": height})
    outside = []
    for number in range(1, SLIDES + 1):
        shipped_page.goto(f"{shipped_url}/present?slide={number}")
        wait_for_page(shipped_page, charts=1)
        for part in (
            ".st-key-deck-heading",
            '[data-testid="stPlotlyChart"]',
            ".st-key-deck-footer",
        ):
            box = shipped_page.locator(part).bounding_box()
            assert box is not None, part
            if box["y"] < 0 or box["y"] + box["height"] > height + 1:
                outside.append((number, part, round(box["y"]), round(box["y"] + box["height"])))
        footer = shipped_page.locator(".st-key-deck-footer")
        chart = shipped_page.get_by_test_id("stPlotlyChart").bounding_box()
        # The chart ends above the footer, which it would otherwise hide.
        if chart["y"] + chart["height"] > footer.bounding_box()["y"] + 1:
            outside.append((number, "chart over the footer"))
    assert not outside, f"outside a {width} × {height} window: {outside}"
