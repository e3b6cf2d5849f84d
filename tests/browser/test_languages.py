"""Each language in a real browser: the overview and the deck are written in it, Arabic alone
reads right to left, a chart's month names are the language's, a sidebar link keeps `lang`; and
the pseudo-language leaves no English on screen."""

from __future__ import annotations

import re

import pytest
from babel.dates import get_month_names
from playwright.sync_api import Browser, Page, expect

from dashboard.language import LANGUAGES, translator
from tests.support.chromium import PageProblems, offline_context, wait_for_page
from tests.support.visible_text import unmarked

# Two years of figures: the growth chart's axis is ticked by month, not by year.
SHORT_SPAN = "from=2024&to=2025"


def _direction(page: Page, test_id: str) -> str:
    return page.get_by_test_id(test_id).first.evaluate("e => getComputedStyle(e).direction")


def _month_names(code: str) -> set[str]:
    locale = LANGUAGES[code].babel_locale
    return {
        name.rstrip(".")
        for width in ("abbreviated", "wide")
        for context in ("format", "stand-alone")
        for name in get_month_names(width, context, locale).values()
    }


def _has_month(ticks: list[str], code: str) -> bool:
    names = _month_names(code)
    return any(name in tick for tick in ticks for name in names)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_overview_is_written_in_the_language_and_its_links_keep_it(
    page: Page, app_url: str, code: str
):
    tr = translator(code)
    page.goto(f"{app_url}/?lang={code}&{SHORT_SPAN}")
    wait_for_page(page, 1)
    expect(page.locator("h1").first).to_have_text(tr._("Programme overview"))
    expect(page).to_have_title(tr._("U4SSC & Citiverse programme dashboard"))
    expected = "rtl" if code == "ar" else "ltr"
    assert _direction(page, "stMain") == expected
    assert _direction(page, "stSidebar") == expected
    # Charts stay left to right: a time axis runs from the earliest date on the left.
    assert _direction(page, "stPlotlyChart") == "ltr"
    ticks = (
        page.get_by_test_id("stPlotlyChart").locator(".xaxislayer-above text").all_text_contents()
    )
    assert _has_month(ticks, code), ticks
    if code != "en":
        assert not _has_month(ticks, "en"), ticks
    page.get_by_test_id("stSidebar").get_by_role("link", name=tr._("Partners"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/partners\?.*lang={code}"))
    expect(page.locator("h1").first).to_have_text(tr._("Partners and reach"))


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_deck_is_written_in_the_language(page: Page, app_url: str, code: str):
    tr = translator(code)
    page.goto(f"{app_url}/present?lang={code}&{SHORT_SPAN}&slide=4")
    wait_for_page(page, 1)
    expect(page.locator("h1").first).to_have_text(tr._("UN agencies backing U4SSC"))
    assert _direction(page, "stMain") == ("rtl" if code == "ar" else "ltr")
    ticks = (
        page.get_by_test_id("stPlotlyChart").locator(".xaxislayer-above text").all_text_contents()
    )
    assert _has_month(ticks, code), ticks
    expect(page.get_by_role("button", name=tr._("Next"))).to_be_visible()


@pytest.mark.parametrize(("locale", "title"), [("ar-EG", "ar"), ("zh-CN", "zh"), ("de-DE", "en")])
def test_without_lang_the_browsers_language_is_used_when_it_is_one_of_the_six(
    browser: Browser, app_url: str, locale: str, title: str
):
    problems = PageProblems()
    context = offline_context(browser, problems, locale=locale)
    try:
        page = context.new_page()
        page.goto(app_url + "/")
        wait_for_page(page, 1)
        expect(page.locator("h1").first).to_have_text(translator(title)._("Programme overview"))
        assert "lang=" not in page.url
    finally:
        context.close()
    assert not problems


def test_the_pseudo_language_leaves_no_english_on_the_screen(page: Page, app_url: str):
    page.goto(f"{app_url}/?lang=qps")
    wait_for_page(page, 1)
    # Material icons are drawn from ligatures ("download"): an icon, not words to translate.
    shown = "\n".join(
        page.get_by_test_id(area).evaluate(
            """e => { const copy = e.cloneNode(true);
                copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach(i => i.remove());
                document.body.appendChild(copy); const text = copy.innerText; copy.remove();
                return text; }"""
        )
        for area in ("stMain", "stSidebar")
    )
    left = [line for line in shown.splitlines() if line.strip() and unmarked(line)]
    assert left == []
