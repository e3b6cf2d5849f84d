"""The offline HTML: one file that draws every slide in a browser with the network cut off."""

from __future__ import annotations

from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.present.deck_content import SLIDE_COUNT, build_deck
from dashboard.present.export_html import deck_html

# Attributes a browser follows on its own: each would be a request to another host.
FETCHING_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction"}
HOSTILE = '</script><script>window.pwned = 1</script><img src="https://evil.example/x.png">'


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value or "" for name, value in attrs if name in FETCHING_ATTRIBUTES]


def parsed(document: str) -> _Tags:
    tags = _Tags()
    tags.feed(document)
    return tags


@pytest.fixture
def document(deck_data) -> str:
    return deck_html(deck_data, build_deck(deck_data))


def open_offline(browser: Browser, path: Path, requests: list[str]) -> Page:
    """The file in a 1920 × 1080 page where every request but the file itself is refused."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    target = path.as_uri()

    def only_the_file(route):
        requests.append(route.request.url)
        if route.request.url.split("#")[0] == target:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_the_file)
    page.goto(target)
    return page


def test_the_html_references_nothing_a_browser_would_fetch_from_another_host(document):
    tags = parsed(document)
    assert not [url for url in tags.urls if url.lower().startswith(("http:", "https:", "//"))]
    assert "link" not in tags.tags and "iframe" not in tags.tags
    assert tags.tags.count("section") == SLIDE_COUNT


def test_record_text_is_escaped_and_can_neither_close_a_tag_nor_run(deck_data, tmp_path, browser):
    new = deck_data.frames["new"].copy()
    new.loc[0, "name"] = HOSTILE
    new.loc[0, "source_title"] = HOSTILE
    data = replace(deck_data, frames={**deck_data.frames, "new": new})
    document = deck_html(data, build_deck(data))
    tags = parsed(document)
    assert tags.tags.count("script") == 4  # map, Plotly, the figures' JSON, the navigation
    assert "img" not in tags.tags
    path = tmp_path / "hostile.html"
    path.write_text(document, encoding="utf-8")
    requests: list[str] = []
    page = open_offline(browser, path, requests)
    page.keyboard.press("End")
    expect(page.locator("#slide-8 footer")).to_contain_text("</script><script>window.pwned")
    expect(page.locator("#slide-8 .js-plotly-plot")).to_contain_text("window.pwned = 1")
    assert page.evaluate("window.pwned") is None
    page.close()


def test_every_slide_draws_in_headless_chromium_with_the_network_blocked(
    document, tmp_path, browser
):
    path = tmp_path / "deck.html"
    path.write_text(document, encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    page = open_offline(browser, path, requests)
    page.on("pageerror", lambda error: errors.append(str(error)))
    for number in range(1, SLIDE_COUNT + 1):
        expect(page.locator(f"#slide-{number} .js-plotly-plot .main-svg").first).to_be_attached()
    # The world map's land is drawn from the inlined topojson, not fetched.
    land = page.locator("#slide-6 .layer.land path").first
    expect(land).to_be_attached()
    assert len(land.get_attribute("d") or "") > 100
    assert requests == [path.as_uri()] and not errors
    page.close()


def test_the_arrow_keys_and_buttons_move_through_the_slides(document, tmp_path, browser):
    path = tmp_path / "deck.html"
    path.write_text(document, encoding="utf-8")
    page = open_offline(browser, path, [])
    counter = page.locator("#counter")
    expect(counter).to_have_text(f"1 / {SLIDE_COUNT}")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(f"3 / {SLIDE_COUNT}")
    expect(page.locator("#slide-3")).to_be_visible()
    expect(page.locator("#slide-1")).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text(f"2 / {SLIDE_COUNT}")
    page.click("#next")
    expect(counter).to_have_text(f"3 / {SLIDE_COUNT}")
    assert page.evaluate("location.hash") == "#slide=3"
    page.close()


def test_the_same_data_and_filters_give_the_same_file(deck_data, document):
    assert deck_html(deck_data, build_deck(deck_data)) == document
