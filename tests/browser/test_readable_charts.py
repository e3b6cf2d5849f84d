"""What a person sees at 1440 × 900: the overview's first screen, labels drawn whole inside
their charts and never on top of each other, and no accessibility violation (axe-core)."""

from __future__ import annotations

from itertools import combinations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from tests.support.chromium import APP_IDLE, DRAW_TIMEOUT_MS, DRAWN_CHART, wait_for_page
from tests.support.dashboard_pages import PAGES

PROJECTOR = {"width": 1440, "height": 900}
FULLY_OPAQUE = """() => [...document.querySelectorAll(
  '[data-testid="stMain"] [data-testid="stElementContainer"], [data-testid="stMain"] ' +
  '[data-testid="stColumn"], [data-testid="stMain"] [data-testid="stVerticalBlock"]')]
  .every(e => getComputedStyle(e).opacity === '1')"""
# A box as (left, top, right, bottom) in CSS pixels; Plotly's text boxes are fractional.
SLACK_PX = 1.0
# Pages that are not among the five chart pages; each is checked by axe-core too.
OTHER_PAGES = [
    ("/?view=Milestones", 1),
    ("/?view=What+is+new", 0),
    ("/present", 1),
    ("/explore", 0),
    ("/manage", 0),
]


def box(locator: Locator) -> tuple[float, float, float, float]:
    b = locator.bounding_box()
    assert b is not None
    return (b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"])


def inside(inner, outer) -> bool:
    return (
        inner[0] >= outer[0] - SLACK_PX
        and inner[1] >= outer[1] - SLACK_PX
        and inner[2] <= outer[2] + SLACK_PX
        and inner[3] <= outer[3] + SLACK_PX
    )


def overlap(a, b) -> bool:
    return (
        min(a[2], b[2]) - max(a[0], b[0]) > SLACK_PX
        and min(a[3], b[3]) - max(a[1], b[1]) > SLACK_PX
    )


# Annotations placed on the data (an end label, a milestone's name); a panel's title is placed
# on the paper, above its plot, and is a title rather than a label.
ON_DATA = """gd => gd._fullLayout.annotations
  .map((a, i) => a.xref === 'paper' && a.yref === 'paper' ? null : String(i))
  .filter(i => i !== null)"""


def text_labels(chart: Locator) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every value label and annotation on the data the chart draws, with its box on screen."""
    on_data = chart.locator(".js-plotly-plot").evaluate(ON_DATA)
    notes = ", ".join(f'g.annotation[data-index="{i}"] text' for i in on_data)
    labels = chart.locator(".textpoint text" + (f", {notes}" if notes else ""))
    return [
        (text, box(labels.nth(i)))
        for i in range(labels.count())
        if (text := labels.nth(i).text_content() or "").strip()
    ]


def plot_area(chart: Locator) -> tuple[float, float, float, float]:
    """The union of the chart's plot areas (a chart with an events strip has two)."""
    areas = [box(a) for a in chart.locator("rect.nsewdrag").all()]
    return (
        min(a[0] for a in areas),
        min(a[1] for a in areas),
        max(a[2] for a in areas),
        max(a[3] for a in areas),
    )


def test_the_overview_first_screen_holds_the_headline_figures_and_activity(
    page: Page, app_url: str
) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(app_url)
    wait_for_page(page, charts=1)
    for label, value in (
        ("Citiverse partners", "70+"),
        ("UN agencies backing U4SSC", "20"),
        ("Active working groups", "2"),
        ("Events, 2016–2025", "4"),
        ("Releases, 2016–2025", "4"),
    ):
        metric = page.get_by_test_id("stMetric").filter(has_text=label)
        expect(metric.get_by_test_id("stMetricValue")).to_have_text(value)
        assert box(metric)[3] <= PROJECTOR["height"], f"{label} is below the first screen"
    sparklines = page.get_by_test_id("stMain").locator('img[alt*=" reports, from "]')
    expect(sparklines).to_have_count(2)
    for sparkline in sparklines.all():
        assert box(sparkline)[3] <= PROJECTOR["height"]


@pytest.mark.parametrize(("path", "charts"), [("/", 1), ("/?view=Milestones", 1), ("/partners", 3)])
def test_every_label_is_drawn_whole_inside_its_plot_and_none_overlap(
    page: Page, app_url: str, path: str, charts: int
) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(app_url + path)
    wait_for_page(page, charts=charts)
    for chart in page.locator(DRAWN_CHART).all():
        chart.scroll_into_view_if_needed()
        area = plot_area(chart)
        labels = text_labels(chart)
        assert labels, "the chart draws no labels to check"
        clipped = [text for text, b in labels if not inside(b, area)]
        assert not clipped, f"labels outside the plot area {area}: {clipped}"
        piled = [(a[0], b[0]) for a, b in combinations(labels, 2) if overlap(a[1], b[1])]
        assert not piled, f"overlapping labels: {piled}"


@pytest.mark.parametrize(
    ("path", "charts"),
    [(p.path, p.charts) for p in PAGES] + OTHER_PAGES,
)
def test_axe_core_finds_no_accessibility_violation(
    page: Page, app_url: str, path: str, charts: int
) -> None:
    page.set_viewport_size(PROJECTOR)
    page.goto(app_url + path)
    expect(page.locator("h1").first).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    expect(page.locator(APP_IDLE)).to_be_attached(timeout=DRAW_TIMEOUT_MS)
    if charts:
        wait_for_page(page, charts=charts)
    if "What" in path:
        expect(page.get_by_text("Show what is dated on or after")).to_be_visible()
    # Elements left from a previous run are drawn faded until a run replaces them, and a faded
    # caption fails the contrast rule: check a settled page. Columns fade too, without the
    # data-stale attribute, so the wait reads every block's computed opacity.
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    page.wait_for_function(FULLY_OPAQUE, timeout=DRAW_TIMEOUT_MS)
    violations = Axe().run(page).response["violations"]
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not found, found


@pytest.mark.parametrize("path", [p.path for p in PAGES] + ["/explore"])
def test_the_sidebar_shows_the_page_links_above_the_filters_on_every_page(
    page: Page, app_url: str, path: str
) -> None:
    page.goto(app_url + path)
    sidebar = page.get_by_test_id("stSidebar")
    links = sidebar.get_by_role("link", name="Overview", exact=True)
    filters = sidebar.get_by_role("heading", name="Filters")
    expect(links).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    expect(filters).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    assert box(links)[1] < box(filters)[1]
