"""Every URL parameter a page reads, sent as Markdown: each notice shows it as literal text.

Streamlit reads st.warning, st.info, st.error, st.caption and st.markdown as Markdown, and
headings, metric, expander, tab and widget labels and radio options too, so each is parsed here
as CommonMark (markdown-it-py; Streamlit's parser follows the same spec): no link, image or
HTML may come out of it, and the hostile host may appear only in code spans. Streamlit's own
extensions (`$`, `:red[…]`, `:material/…:`) are checked where Streamlit renders them, in
tests/browser/test_url_text.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]

# A link that reads like the app's own message, an image the browser would fetch, a backtick
# run to close a code span early, and a blank line to end the notice's paragraph. No comma:
# the filters split their values on commas.
PAYLOAD = "`` [Session expired](https://evil.example/login)\n\n![p](https://evil.example/p.png)"
SHOWN = re.sub(r"\n+", " ", PAYLOAD)  # a notice is one line
HOSTILE_HOST = "evil.example"
MARKDOWN_ELEMENTS = (
    *("markdown", "caption", "warning", "info", "error", "success", "toast"),
    *("title", "header", "subheader"),
)
# Elements whose label (or options) Streamlit reads as Markdown.
LABELLED = ("metric", "expander", "tabs", "toggle", "checkbox", "radio", "button", "selectbox")
ACTIVE_TOKENS = {"link_open", "image", "html_inline", "html_block", "autolink"}
OVERVIEW, EXPLORE, PRESENT = "pages/overview.py", "pages/explore.py", "pages/present.py"

# (parameter, page, what the page must show: the literal text in a code span, or its notice)
CASES = [
    ("from", OVERVIEW, "from=" + SHOWN),
    ("to", OVERVIEW, "to=" + SHOWN),
    ("theme", OVERVIEW, SHOWN),
    ("initiative", OVERVIEW, SHOWN),
    ("theme", PRESENT, SHOWN),
    ("table", EXPLORE, SHOWN),
    ("slide", PRESENT, "The slide in the link is not a number"),
    ("mode", PRESENT, "The theme in the link is neither dark nor light"),
    ("sql", EXPLORE, None),  # checked below: the text area holds it, st.text shows the refusal
    ("q", EXPLORE, None),  # checked below: the search box holds it and the search found nothing
]


@pytest.fixture
def open_link(fixture_db: Path, monkeypatch: pytest.MonkeyPatch):
    """Open a page as a shared link does: the page with the link's parameters. (Given to the
    first run, the overview would drop a bad filter from the URL before the page ran.)"""
    monkeypatch.setenv("PROGRAMME_DB", str(fixture_db))

    def open_page(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
        at.switch_page(page)
        for name, value in params.items():
            at.query_params[name] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def shown_as_markdown(at) -> list[str]:
    """The text of every element of the page (sidebar included) that Streamlit reads as
    Markdown: notices and headings, and the labels and radio options of the others."""
    shown = [element.value for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]
    for kind in LABELLED:
        for element in at.get(kind):
            shown.append(element.proto.label)
            if kind == "radio":
                shown += list(element.proto.options)
    return shown


def test_labels_headings_and_radio_options_are_among_what_is_parsed(open_link):
    # Made-up content would prove nothing: the overview's own elements must be collected.
    at = open_link(OVERVIEW)
    shown = shown_as_markdown(at)
    for label in (at.metric[0].label, at.radio[0].options[0], at.header[0].value):
        assert label in shown


def tokens(markdown: str) -> list:
    """Block and inline tokens of `markdown`, flattened."""
    parsed = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    return [t for block in parsed for t in (block, *(block.children or []))]


@pytest.mark.parametrize(
    ("param", "page", "expected"), CASES, ids=[f"{p}-{g}" for p, g, _ in CASES]
)
def test_a_url_parameter_written_as_markdown_is_shown_as_literal_text(
    open_link, param, page, expected
):
    at = open_link(page, **{param: PAYLOAD})

    notices = shown_as_markdown(at)
    # Elements holding none of the hostile text (a chart's constant "Data table" link) cannot
    # carry it; every one that does must hold it inert.
    for notice in (n for n in notices if HOSTILE_HOST in n):
        parsed = tokens(notice)
        assert not [t.type for t in parsed if t.type in ACTIVE_TOKENS], notice
        outside_code = [t.content for t in parsed if t.type == "text"]
        assert not [text for text in outside_code if HOSTILE_HOST in text], notice
    literals = [t.content for n in notices for t in tokens(n) if t.type == "code_inline"]
    if expected == SHOWN or (expected or "").endswith("=" + SHOWN):
        assert expected in literals, notices
    elif expected:
        assert any(expected in notice for notice in notices), notices


def test_a_sql_parameter_fills_the_console_and_is_answered_in_plain_text(open_link):
    at = open_link(EXPLORE, sql=PAYLOAD)
    assert at.text_area(key="explore_sql").value == PAYLOAD
    assert [e.value for e in at.error] == ["This query was not run."]
    # The refusal repeats none of the text, and it is plain text, never Markdown.
    assert any(t.value.startswith("Refused") or "Parser Error" in t.value for t in at.text)


def test_a_q_parameter_is_the_search_and_finds_nothing(open_link):
    at = open_link(EXPLORE, q=PAYLOAD)
    assert at.text_input(key="explore_q").value == PAYLOAD
    assert "0 rows" in [t.value for t in at.text]
