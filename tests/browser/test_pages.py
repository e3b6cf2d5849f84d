"""The five dashboard pages in a real browser: charts drawn, filters in the URL, notices shown
for bad parameters, the map drawn offline, and the back button."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.app_server import running_app
from tests.support.chromium import PageProblems, offline_context, wait_for_page
from tests.support.dashboard_pages import PAGE_BY_LABEL, PAGE_BY_NAME, PAGES, DashboardPage


class YearsCase(NamedTuple):
    """What a page shows with the fixture data, without filters and with ?from=2024&to=2025."""

    page: str
    title_without_filters: str  # a chart title, which states the chart's finding
    charts_for_2024_2025: int
    title_for_2024_2025: str
    also_shown_for_2024_2025: tuple[str, ...] = ()


YEARS_CASES = [
    YearsCase(
        "overview",
        "All 3 figures grew, 2017–2025",  # each in a panel of its own unit
        1,
        "Both figures grew, 2024–2025",
        ("Events, 2024–2025", "Releases, 2024–2025"),  # the KPI cards name the years
    ),
    YearsCase(
        "partners",
        "U4SSC grew from 16 to 20 UN agencies, 2017–2025",
        2,  # the KPI city figures are from 2020 and 2022: a note replaces their chart
        "U4SSC grew from 19 to 20 UN agencies, 2024–2025",
        ("No KPI city figures in the selected years.",),
    ),
    YearsCase(
        "working-groups",
        "4 working groups in 2 thematic groups across 1 initiative",
        2,
        "2 working groups in 2 thematic groups across 1 initiative",
    ),
    YearsCase(
        "events",
        "4 events, 2016–2025; the busiest year was 2025 (2)",
        2,
        "3 events, 2024–2025; the busiest year was 2025 (2)",
    ),
    YearsCase(
        "releases",
        "4 releases, 2017–2025; the most in 2025 (2)",
        2,
        "2 releases, 2025; the most in 2025 (2)",
    ),
]
TITLE_WITHOUT_FILTERS = {case.page: case.title_without_filters for case in YEARS_CASES}
TITLE_FOR_2024_2025 = {case.page: case.title_for_2024_2025 for case in YEARS_CASES}
# The SVG path of a world's worth of outlines, not an empty or placeholder one.
DRAWN_OUTLINE = re.compile(r"^M[-\d.,LMZ]{1000,}$")


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def chart_titles(page: Page) -> list[str]:
    """The titles of the charts on the page; call it after `wait_for_page`."""
    return page.get_by_test_id("stPlotlyChart").locator(".gtitle").all_text_contents()


def expect_years(page: Page, first: str, last: str) -> None:
    thumbs = page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")
    expect(thumbs).to_have_text([first, last])


def click_nav_link(page: Page, label: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True).click()
    expect(
        page.get_by_role("heading", name=PAGE_BY_LABEL[label].heading, exact=True)
    ).to_be_visible()


@pytest.mark.parametrize("dashboard_page", PAGES, ids=lambda p: p.name)
def test_every_page_draws_all_its_charts_with_the_fixture_data(
    page: Page, app_url: str, dashboard_page: DashboardPage
) -> None:
    page.goto(app_url + dashboard_page.path)
    wait_for_page(page, charts=dashboard_page.charts)
    expect(page.get_by_role("heading", name=dashboard_page.heading, exact=True)).to_be_visible()
    assert TITLE_WITHOUT_FILTERS[dashboard_page.name] in chart_titles(page)
    expect_years(page, "2016", "2025")


@pytest.mark.parametrize("case", YEARS_CASES, ids=[case.page for case in YEARS_CASES])
def test_a_year_range_in_the_url_narrows_the_page_and_sets_the_slider(
    page: Page, app_url: str, case: YearsCase
) -> None:
    page.goto(f"{app_url}{PAGE_BY_NAME[case.page].path}?from=2024&to=2025")
    wait_for_page(page, charts=case.charts_for_2024_2025)
    titles = chart_titles(page)
    assert case.title_for_2024_2025 in titles
    assert case.title_without_filters not in titles
    for text in case.also_shown_for_2024_2025:
        expect(page.get_by_test_id("stMain").get_by_text(text)).to_be_visible()
    expect_years(page, "2024", "2025")


def test_switching_pages_in_the_sidebar_keeps_the_filters_in_the_url(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/?from=2024&to=2025&theme=virtual-worlds")
    wait_for_page(page, charts=1)

    click_nav_link(page, "Events")

    wait_for_page(page, charts=2)
    # The page writes the filters back to the URL as its script runs.
    page.wait_for_url(lambda url: "theme" in query(url))
    assert urlparse(page.url).path == "/events"
    assert query(page.url) == {"from": ["2024"], "to": ["2025"], "theme": ["virtual-worlds"]}
    expect_years(page, "2024", "2025")
    # Both virtual-worlds events are in 2024–2025; the 2016 meeting and the webinar are not.
    assert "2 events, 2024–2025; the busiest year was 2025 (1)" in chart_titles(page)


def test_the_back_button_returns_to_the_previous_page_with_its_filters(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/?from=2024&to=2025")
    wait_for_page(page, charts=1)
    entries = page.evaluate("history.length")
    click_nav_link(page, "Releases")
    wait_for_page(page, charts=2)
    page.wait_for_url(lambda url: query(url) == {"from": ["2024"], "to": ["2025"]})
    # One click, one step back: a page switch adds a single history entry.
    assert page.evaluate("history.length") == entries + 1

    page.go_back()

    expect(page.get_by_role("heading", name="Programme overview", exact=True)).to_be_visible()
    wait_for_page(page, charts=1)
    assert urlparse(page.url).path == "/"
    assert query(page.url) == {"from": ["2024"], "to": ["2025"]}
    expect_years(page, "2024", "2025")
    assert TITLE_FOR_2024_2025["overview"] in chart_titles(page)


@pytest.mark.parametrize(
    ("params", "notices", "as_code"),
    [
        ("theme=nope", ["Ignored unknown theme nope."], ["nope"]),
        (
            "from=2030&to=2035",
            [
                "Ignored from=2030: the data covers 2016–2025.",
                "Ignored to=2035: the data covers 2016–2025.",
            ],
            ["from=2030", "to=2035"],
        ),
        (
            "from=2025&to=2020",
            ["Ignored from=2025 and to=2020: from is after to."],
            ["from=2025", "to=2020"],
        ),
        ("from=soon", ["Ignored from=soon: not a year."], ["from=soon"]),
    ],
    ids=["unknown-theme", "years-outside-the-data", "from-after-to", "not-a-year"],
)
def test_a_bad_query_parameter_shows_a_notice_and_the_page_still_draws(
    page: Page, app_url: str, params: str, notices: list[str], as_code: list[str]
) -> None:
    page.goto(f"{app_url}/?{params}")
    wait_for_page(page, charts=1)
    warnings = page.get_by_test_id("stSidebar").get_by_test_id("stAlertContentWarning")
    # The notice's Markdown backticks render as code: match the text a person reads.
    expect(warnings.get_by_test_id("stMarkdownContainer")).to_have_text(notices)
    expect(warnings.locator("code")).to_have_text(as_code)
    expect_years(page, "2016", "2025")
    assert TITLE_WITHOUT_FILTERS["overview"] in chart_titles(page)


def test_the_events_map_draws_its_land_from_the_locally_served_topojson(
    page: Page, app_url: str
) -> None:
    with page.expect_response(
        lambda r: urlparse(r.url).path == "/app/static/topojson/world_110m.json"
    ) as topojson:
        page.goto(f"{app_url}/events")
        wait_for_page(page, charts=2)
    assert topojson.value.ok
    geo = page.get_by_test_id("stPlotlyChart").locator(".geo")
    expect(geo).to_have_count(1)
    # Plotly draws land, borders and coastlines only once it has the topojson; the page
    # fixture fails the test if anything was fetched from another host.
    for layer in ("land", "countries", "coastlines"):
        outline = geo.locator(f".layer.{layer} path")
        expect(outline).to_have_count(1)
        expect(outline).to_have_attribute("d", DRAWN_OUTLINE)
    expect(geo.locator(".layer.frontplot .point")).to_have_count(2)  # Geneva and Valencia


def test_a_first_visitor_can_open_a_deep_link_on_a_fresh_server(
    browser: Browser, fixture_db: Path, tmp_path: Path
) -> None:
    events = PAGE_BY_NAME["events"]
    # A server of its own: the session's has already run app.py once, which hides this.
    with running_app(fixture_db, tmp_path / "streamlit.log") as url:
        context = offline_context(browser, PageProblems())
        try:
            page = context.new_page()
            page.goto(url + events.path)
            wait_for_page(page, charts=events.charts)
            expect(page).to_have_title("U4SSC & Citiverse programme dashboard")
            links = page.get_by_test_id("stSidebar").get_by_role("link")
            expect(links.first).to_have_accessible_name("Overview")
            expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        finally:
            context.close()
