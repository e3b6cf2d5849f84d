"""Hostile records on every page, in a real browser: shown as literal text, never run.

The server reads tests/fixtures/hostile_data, whose names, cities, titles and labels hold
`<script>`, `<img onerror>`, `javascript:` links and Markdown. Each visit records every
dialog and watches the DOM from the first byte (tests/security/browser_guard.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.present.deck_content import SLIDE_COUNT
from dashboard.queries.browsable_tables import TABLES
from tests.support.browser_guard import Guard, ran_anything
from tests.support.chromium import APP_IDLE, DRAWN_CHART, wait_for_page
from tests.support.dashboard_pages import PAGES
from tests.support.hostile import FORMULA, HEADING, IMG, JS_LINK, MARKDOWN, PAYLOADS, SCRIPT, SVG

# A drawn point of any trace: scatter and bar points, map markers, sunburst slices.
POINTS = ".point, g.slice path.surface"
ANY_PAYLOAD = re.compile("|".join(re.escape(p) for p in PAYLOADS))
# Literal text each dashboard page draws inside a chart (a legend, a tick or a label) ...
CHART_TEXT = {
    "overview": JS_LINK,  # the growth chart's end label: the citiverse's short name
    "partners": JS_LINK,  # the partners line's legend: "<initiative>: partners"
    "working-groups": IMG,  # launches per year: a thematic group's short name
    "events": IMG,  # the map's city label
    "releases": JS_LINK,  # releases per initiative: the initiative's tick label
}
# ... and in the hover labels of its charts' first points.
HOVER_TEXT = {
    "overview": (f"source: Second source {MARKDOWN}",),  # the first growth point's source
    "working-groups": (FORMULA,),  # launches per year: a thematic group named as a formula
    "events": (
        f"source: Second source {MARKDOWN}",  # the Gantt's first event
        f"Switzerland {SVG}",  # the map: Geneva, in a hostile country
    ),
}
SLIDE_HOVER_TEXT = {3: f"Citiverse {JS_LINK}", 6: f"Valencia {IMG}"}


def hover_labels(page: Page) -> list[str]:
    """Hover the first point of every chart; the text of the hover label each one draws."""
    labels = []
    for chart in page.locator(DRAWN_CHART).all():
        point = chart.locator(POINTS).first
        if point.count():
            point.hover(force=True)
            label = chart.locator(".hoverlayer .hovertext")
            expect(label.first).to_be_attached()
            labels.append(" ".join(label.all_text_contents()))
    return labels


def assert_nothing_ran(page: Page, guard: Guard) -> None:
    assert ran_anything(page, guard) == []


@pytest.mark.parametrize("dashboard_page", PAGES, ids=[p.name for p in PAGES])
def test_a_dashboard_page_shows_hostile_records_as_text_and_runs_nothing(
    page: Page, guard: Guard, hostile_app_url: str, dashboard_page
):
    page.goto(hostile_app_url + dashboard_page.path)
    wait_for_page(page, dashboard_page.charts)
    labels = hover_labels(page)
    assert_nothing_ran(page, guard)
    # Source titles in the page's list of sources, as the data holds them: tags and Markdown
    # included; the short line under a chart starts with one, cut short, as text too.
    captions = page.get_by_test_id("stCaptionContainer")
    expect(
        captions.filter(
            has_text=re.compile(r"(Fixture source <script>|Second source \*\*bold)")
        ).first
    ).to_be_visible()
    sources = page.get_by_test_id("stExpander").filter(has_text="Sources of the charts")
    sources.get_by_text("Sources of the charts").click()
    expect(sources.get_by_text(f"Fixture source {SCRIPT}", exact=False)).to_be_visible()
    expect(sources.get_by_text(f"Second source {MARKDOWN}", exact=False)).to_be_visible()
    assert_nothing_ran(page, guard)
    literal = CHART_TEXT[dashboard_page.name]
    expect(page.locator(DRAWN_CHART).filter(has_text=literal).first).to_be_visible()
    for hover in HOVER_TEXT.get(dashboard_page.name, ()):
        assert [label for label in labels if hover in label], labels


def test_filter_lists_show_hostile_names_as_text(page: Page, guard: Guard, hostile_app_url: str):
    page.goto(hostile_app_url + "/explore?table=events&theme=virtual-worlds")
    wait_for_page(page, 0)
    sidebar = page.get_by_test_id("stSidebar")
    # A chosen value is drawn as a tag, the others as the options of the open list.
    expect(sidebar).to_contain_text(f"Virtual worlds {IMG}")
    for combobox, option in (
        (sidebar.get_by_role("combobox", name="Themes"), HEADING),
        (sidebar.get_by_role("combobox", name="Initiatives"), f"Citiverse {JS_LINK}"),
        (page.get_by_role("combobox", name="City"), f"Valencia {IMG}"),  # a column filter
    ):
        combobox.click()
        expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
        page.keyboard.press("Escape")
        # The next list opens only once this one has closed.
        expect(page.get_by_role("listbox")).to_have_count(0)
    assert_nothing_ran(page, guard)


# The title slide names the filters: a hostile theme's name is drawn on it.
SLIDES = ["slide=1&theme=virtual-worlds", *(f"slide={n}" for n in range(2, SLIDE_COUNT + 1))]


@pytest.mark.parametrize("query", SLIDES)
def test_every_slide_shows_hostile_records_as_text_and_runs_nothing(
    page: Page, guard: Guard, hostile_app_url: str, query: str
):
    number = int(re.match(r"slide=(\d+)", query)[1])
    page.goto(f"{hostile_app_url}/present?{query}")
    wait_for_page(page, 1)
    labels = hover_labels(page)
    assert_nothing_ran(page, guard)
    if number == 1:
        expect(page.locator(DRAWN_CHART)).to_contain_text(f"Virtual worlds {IMG}")
    else:  # the title slide cites the records in general; every other one its sources
        footer = page.locator(".st-key-deck-footer")
        expect(footer).to_contain_text(f"Fixture source {SCRIPT}")
    if hover := SLIDE_HOVER_TEXT.get(number):
        assert [label for label in labels if hover in label], labels


def show_every_table(page: Page) -> None:
    """Scroll each table into view (the grid writes its visible cells into the DOM), then
    expect one of them to show a payload as text."""
    tables = page.get_by_test_id("stDataFrame")
    for table in tables.all():
        table.scroll_into_view_if_needed()
        expect(table.locator("table")).to_be_attached()
    expect(tables.locator("table").filter(has_text=ANY_PAYLOAD).first).to_be_attached()


@pytest.mark.parametrize("table", [spec.key for spec in TABLES])
def test_browsing_a_table_shows_hostile_cells_as_text_and_runs_nothing(
    page: Page, guard: Guard, hostile_app_url: str, table: str
):
    page.goto(f"{hostile_app_url}/explore?table={table}")
    wait_for_page(page, 0)
    show_every_table(page)
    assert_nothing_ran(page, guard)


def test_data_health_shows_hostile_records_as_text_and_runs_nothing(
    page: Page, guard: Guard, hostile_app_url: str
):
    page.goto(f"{hostile_app_url}/explore")
    wait_for_page(page, 0)
    page.get_by_role("tab", name="Data health").click()
    expect(page.get_by_text("Working groups with no status or no start date")).to_be_visible()
    expect(page.locator(APP_IDLE)).to_be_attached()
    show_every_table(page)
    assert_nothing_ran(page, guard)
