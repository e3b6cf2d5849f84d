"""Every URL parameter a page reads, sent as Markdown: each notice shows it as literal text.

Streamlit reads st.warning, st.info, st.error, st.caption and st.markdown as Markdown, so each
notice is parsed here as CommonMark (markdown-it-py; Streamlit's parser follows the same spec):
no link, image or HTML may come out of it, and the hostile host may appear only in code spans.
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
MARKDOWN_ELEMENTS = ("markdown", "caption", "warning", "info", "error", "success", "toast")
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
    ("sql", EXPLORE, None),  # the console shows the query and its errors with st.text only
    ("q", EXPLORE, None),  # the search is a text input's value
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
    """The text of every element of the page (sidebar included) that Streamlit reads as Markdown."""
    return [element.value for kind in MARKDOWN_ELEMENTS for element in getattr(at, kind)]


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
