"""The deck's exports made from hostile records: escaped in the offline HTML (and inert in a
browser), literal text in the PowerPoint, with no link to a script and no live formula."""

from __future__ import annotations

import html
import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from dashboard.present.deck_content import SLIDE_COUNT, DeckData, build_deck
from dashboard.present.export_html import deck_html
from dashboard.present.export_pptx import deck_pptx
from tests.support.browser_guard import Guard, ran_anything, watch
from tests.support.hostile import FORMULA, IMG, JS_LINK, MARKDOWN, PAYLOADS, SCRIPT

# The offline HTML's own scripts: the world map, Plotly, the figures' JSON and the navigation.
CONSTANT_SCRIPTS = 4
MARKUP_TAGS = {"html", "head", "meta", "title", "style", "script", "body", "section", "h1"}
MARKUP_TAGS |= {"div", "p", "footer", "nav", "button", "span"}
# A 1 × 1 PNG in place of the map's picture: Kaleido draws nothing that could hold a link.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _Markup(HTMLParser):
    """The document as a browser's parser sees it: tags, attributes, and text outside scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._in_script = tag in ("script", "style")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if not self._in_script:
            self.text.append(data)


@pytest.fixture
def document(hostile_deck: DeckData) -> str:
    return deck_html(hostile_deck, build_deck(hostile_deck))


def test_the_offline_html_holds_hostile_records_only_escaped(document: str):
    markup = _Markup()
    markup.feed(document)
    assert markup.tags.count("script") == CONSTANT_SCRIPTS
    assert set(markup.tags) <= MARKUP_TAGS
    assert not [name for name, _ in markup.attributes if name.startswith("on")]
    assert not [v for _, v in markup.attributes if re.match(r"\s*javascript:", v, re.I)]
    for payload in PAYLOADS:
        if "<" in payload:  # never raw: escaped in the markup, \u-escaped in the JSON
            assert payload not in document
    # The footers name the sources as the data holds them, escaped for HTML.
    assert html.escape(f"Fixture source {SCRIPT}") in document
    text = "".join(markup.text)
    assert f"Fixture source {SCRIPT}" in text
    assert f"Second source {MARKDOWN}" in text


def open_offline(browser: Browser, document: str, tmp_path, guard: Guard) -> Page:
    """The file in a page where every request but the file itself is refused."""
    path = tmp_path / "deck.html"
    path.write_text(document, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    watch(page, guard)
    target = path.as_uri()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.split("#")[0] == target else route.abort()
        ),
    )
    page.goto(target)
    return page


def test_the_offline_html_runs_nothing_from_hostile_records(
    browser: Browser, document: str, tmp_path
):
    guard = Guard()
    page = open_offline(browser, document, tmp_path, guard)
    try:
        assert ran_anything(page, guard) == []  # a script in the markup runs on load
        for number in range(1, SLIDE_COUNT + 1):
            expect(page.locator("#counter")).to_have_text(f"{number} / {SLIDE_COUNT}")
            slide = page.locator(f"#slide-{number}")
            if number == 6:  # this year's events on a map: hover the hostile city
                slide.locator(".point").first.hover(force=True)
                label = page.locator(".hoverlayer .hovertext")
                expect(label).to_contain_text(f"Valencia {IMG}")
                expect(label).to_contain_text(f"Citiverse Assembly {SCRIPT}")
            if number > 1:
                expect(slide.locator("footer")).to_contain_text(f"Fixture source {SCRIPT}")
            page.keyboard.press("ArrowRight")
        assert ran_anything(page, guard) == []
    finally:
        page.close()


def _chart_texts(chart) -> list[str]:
    texts = []
    for plot in chart.plots:
        texts += [str(label) for label in plot.categories]
        texts += [series.name for series in plot.series]
    return texts


def _pptx_texts(prs) -> list[str]:
    texts = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                texts += _chart_texts(shape.chart)
    return texts


@pytest.fixture
def pptx_bytes(hostile_deck: DeckData) -> bytes:
    return deck_pptx(hostile_deck, build_deck(hostile_deck), picture=lambda _: PIXEL_PNG)


def test_the_pptx_holds_hostile_records_as_their_literal_text(pptx_bytes: bytes):
    everything = "\n".join(_pptx_texts(Presentation(io.BytesIO(pptx_bytes))))
    # PowerPoint is not HTML: the text is the record's own, never escaped.
    for literal in (
        f"Fixture source {SCRIPT}",  # footers
        f"Citiverse {JS_LINK}",  # growth and hierarchy series
        f"AI {IMG}",  # a thematic group: a category of the hierarchy chart
        FORMULA,  # another thematic group
        f"Citiverse Assembly {SCRIPT}",  # what is new: the table
        MARKDOWN,  # a release title in the table
    ):
        assert literal in everything, literal
    assert "&lt;" not in everything and "&amp;" not in everything


def test_the_pptx_links_nowhere(pptx_bytes: bytes):
    prs = Presentation(io.BytesIO(pptx_bytes))
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.click_action.hyperlink.address is None
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    assert [run.hyperlink.address for run in paragraph.runs] == [None] * len(
                        paragraph.runs
                    )
    with zipfile.ZipFile(io.BytesIO(pptx_bytes)) as package:
        relationships = [package.read(n) for n in package.namelist() if n.endswith(".rels")]
    assert not [r for r in relationships if b"javascript:" in r.lower()]
    assert not [r for r in relationships if b'TargetMode="External"' in r]


def test_the_pptx_chart_workbooks_hold_record_text_as_text_never_as_a_formula(
    pptx_bytes: bytes,
):
    """PowerPoint's "Edit data" opens each chart's embedded workbook in Excel."""
    with zipfile.ZipFile(io.BytesIO(pptx_bytes)) as package:
        workbooks = [package.read(n) for n in package.namelist() if n.endswith(".xlsx")]
    assert workbooks, "expected the native charts' embedded workbooks"
    cells = [
        cell
        for blob in workbooks
        for row in load_workbook(io.BytesIO(blob)).active.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert FORMULA in [cell.value for cell in cells]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.coordinate for cell in cells if cell.hyperlink is not None]
