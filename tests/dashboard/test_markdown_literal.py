"""markdown_literal: whatever the text, CommonMark reads it back as one code span holding it."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from dashboard.markdown_literal import LONGEST_SHOWN, markdown_literal, record_markdown

HOSTILE = [
    "[Session expired - sign in again](https://evil.example/login)",
    "![p](https://evil.example/p.png)",
    "`` ` ```` ` [x](https://evil.example/after-backticks)",
    "`[x](https://evil.example/starts-with-a-backtick)`",
    "x\n\n[x](https://evil.example/after-a-blank-line)",
    "x\r\n\r\n# heading\r\n- item",
    "<img src=https://evil.example/i.png> <a href='https://evil.example/a'>a</a>",
    "https://evil.example/bare www.evil.example",
    "**bold** _em_ ~~gone~~ :red[red] :material/home: $x^2$ \\` \\",
    " leading and trailing spaces ",
    "   ",
    "",
]


def inline_tokens(markdown: str) -> list:
    """Every inline token of `markdown`, read as CommonMark (as Streamlit reads it)."""
    return [
        child
        for block in MarkdownIt("commonmark").parse(markdown)
        for child in (block.children or [])
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_text_reads_back_as_one_code_span_holding_it(text):
    tokens = inline_tokens(f"Ignored unknown theme {markdown_literal(text)}.")
    kinds = [t.type for t in tokens]
    expected = re.sub(r"[\r\n]+", " ", text)  # a run of line breaks shows as one space
    if ":material/" in text:
        # Split around each such slash (see markdown_literal); the words read back whole.
        inner = tokens[1:-1]
        assert {t.type for t in inner} == {"code_inline", "text"}, kinds
        assert {t.content for t in inner if t.type == "text"} == {"/"}
        assert "".join(t.content for t in inner) == expected
        return
    assert kinds == ["text", "code_inline", "text"], kinds
    # CommonMark shows a code span that is all spaces as it is, any other without one space at
    # each end; the helper pads exactly when that would change the text.
    assert tokens[1].content == expected or not (expected.strip() or tokens[1].content.strip())


def test_no_text_reaches_streamlit_as_a_material_icon():
    # Streamlit rewrites `:material/` wherever it is in the source, code spans included.
    assert ":material/" not in markdown_literal("a :material/home: b :material/x")
    assert ":material/" not in record_markdown("a :material/home: b")


def test_a_blank_line_in_the_text_cannot_end_the_paragraph():
    notice = "Ignored " + markdown_literal("a\n\n![p](x.png)") + "."
    blocks = MarkdownIt("commonmark").parse(notice)
    assert [b.type for b in blocks] == ["paragraph_open", "inline", "paragraph_close"]


def test_control_and_invisible_format_characters_are_shown_as_replacement_characters():
    assert markdown_literal("a\u202eb\u200bc\x00d") == "`a\ufffdb\ufffdc\ufffdd`"


def test_long_text_is_cut_with_an_ellipsis():
    shown = markdown_literal("x" * 1000)
    assert shown == "`" + "x" * (LONGEST_SHOWN - 1) + "…`"


def test_plain_text_keeps_the_single_backticks_the_notices_always_had():
    assert markdown_literal("from=1999") == "`from=1999`"


# Record text (titles, file names, messages) is prose, escaped rather than put in a code span.
RECORD_TEXT = [
    *HOSTILE,
    "Name\n===",
    "Name\n---\nmore",
    "1. item\n- item\n> quote",
    "&lt;b&gt; &amp; <b>bold</b> <!-- comment -->",
    "Imported x.csv: 2 row(s) added [0 changed]",
]


@pytest.mark.parametrize("text", RECORD_TEXT)
def test_record_text_reads_back_as_one_paragraph_of_its_own_words(text):
    blocks = MarkdownIt("commonmark").parse(f"Imported {record_markdown(text)} into events.")
    assert [b.type for b in blocks] == ["paragraph_open", "inline", "paragraph_close"]
    children = blocks[1].children
    assert {c.type for c in children} <= {"text"}, [c.type for c in children]
    shown = "".join(c.content for c in children)
    assert shown == f"Imported {' '.join(text.split())} into events."


def test_record_text_escapes_streamlits_own_markdown():
    # CommonMark does not know these; escaping `$` and `:` is what keeps Streamlit off them.
    # tests/browser/test_url_text.py checks what the browser then shows.
    assert record_markdown(":red[x] :material/home: $x$") == (
        "\\:red\\[x\\] \\:material\\/home\\: \\$x\\$"
    )
