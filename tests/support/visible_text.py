"""What a person can read on an AppTest run: every label, text, notice, table heading and chart
text, so a test can look for English that never went through the catalogue."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from dashboard.language import PSEUDO_CLOSE, PSEUDO_OPEN
from tests.support.paths import FIXTURE_DATA
from tests.support.plotly_spec import values

# The innermost marked string: no other mark inside it.
_MARKED = re.compile(
    re.escape(PSEUDO_OPEN) + f"[^{PSEUDO_OPEN}{PSEUDO_CLOSE}]*" + re.escape(PSEUDO_CLOSE)
)
_CUT = re.compile(r"[^\s:]+(\s+[^\s:]+)*…")
# Links, query strings, paths and code spans: codes, not prose.
_CODE = re.compile(r"\S*[/?=_@#]\S*|`[^`]*`|%\{[^}]*\}|<[^>]*>|:material/\w+:")
# A word of prose: three letters or more, not an all-capitals code (PNG, SVG, CSV, UTC).
_WORD = re.compile(r"\b(?![A-Z]+\b)[A-Za-z]{3,}")
# Columns of SQL names (the console's schema, the health tables' `table`): codes, not prose.
CODE_COLUMNS = {"table", "column", "type"}
# The picker lists each language in its own script, whatever the page's language.
NATIVE_NAMES = {"العربية", "中文", "English", "Français", "Русский", "Español"}


@cache
def record_text(data_dir: Path = FIXTURE_DATA) -> tuple[str, ...]:
    """Every text value of data/ (names, titles, codes), longest first for removal."""
    found = set()
    for path in data_dir.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                # A chart joins the sources of one point with "; ": each part is record text too.
                found.update(p.strip() for v in row for p in [v, *v.split("; ")] if p.strip())
    return tuple(sorted(found, key=len, reverse=True))


def unmarked(text: str) -> str | None:
    """The English left in `text` once marked strings, record text and codes are taken out."""
    rest = str(text)
    while (inner := _MARKED.sub(" ", rest)) != rest:  # marks nest: a date inside a sentence
        rest = inner
    rest = rest.replace("\\", "")
    for value in record_text():
        if len(value) > 2 and value in rest:
            rest = rest.replace(value, " ")
    rest = _CODE.sub(" ", rest)
    # A label cut short ("Global Initiative on V…") is record text too.
    rest = _CUT.sub(" ", rest)
    if rest.strip() in NATIVE_NAMES:
        return None
    return rest.strip() if _WORD.search(rest) else None


def _figure_text(spec: dict) -> Iterator[str]:
    layout = spec.get("layout", {})
    yield str((layout.get("title") or {}).get("text") or "")
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            yield str((axis.get("title") or {}).get("text") or "")
            yield from (str(t) for t in axis.get("ticktext") or [])
    for note in layout.get("annotations") or []:
        yield str(note.get("text") or "")
    for menu in layout.get("updatemenus") or []:
        yield from (str(b.get("label") or "") for b in menu.get("buttons") or [])
    for slider in layout.get("sliders") or []:
        yield str((slider.get("currentvalue") or {}).get("prefix") or "")
    for trace in spec.get("data", []):
        yield str(trace.get("name") or "")
        yield str(trace.get("hovertemplate") or "")
        for field in ("hovertext", "text"):
            if field in trace and trace[field] is not None:
                raw = trace[field]
                yield from (str(v) for v in (values(raw) if not isinstance(raw, str) else [raw]))
        if trace.get("type") == "table":
            yield from (str(v) for v in trace.get("header", {}).get("values", []))
            for column in trace.get("cells", {}).get("values", []):
                yield from (str(v) for v in column)


def visible_text(at) -> Iterator[tuple[str, str]]:
    """(where, text) for everything on screen in an AppTest run."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "text"):
        for element in at.get(kind):
            yield kind, element.value
    for kind in ("info", "warning", "error", "success", "exception"):
        for element in at.get(kind):
            yield kind, element.proto.body
    for metric in at.metric:
        yield "metric", metric.label
        yield "metric", metric.value
        yield "metric", metric.delta or ""
        yield "metric", metric.help or ""
    for kind in ("button", "toggle", "checkbox", "slider", "date_input", "text_input",
                 "text_area", "download_button", "expander", "tab", "popover"):  # fmt: skip
        for element in at.get(kind):
            proto = element.proto
            yield kind, getattr(proto, "label", "")
            yield kind, getattr(proto, "placeholder", "")
            yield kind, getattr(proto, "help", "")
    for kind in ("selectbox", "multiselect", "radio"):
        for element in at.get(kind):
            yield kind, element.label
            yield kind, getattr(element.proto, "placeholder", "")
            yield from ((kind, str(o)) for o in element.options)
    for frame in at.dataframe:
        # Cells: record text, codes and numbers, and the dates and words the dashboard wrote.
        for column in frame.value.columns:
            if column in CODE_COLUMNS:
                continue
            yield from (("table cell", v) for v in frame.value[column] if isinstance(v, str))
        config = json.loads(frame.proto.columns or "{}")
        for column in frame.value.columns:
            label = (config.get(f"name:{column}") or config.get(str(column)) or {}).get("label")
            yield "table heading", label or str(column)
    for chart in at.get("plotly_chart"):
        yield from (("chart", text) for text in _figure_text(json.loads(chart.proto.spec)))


def english_left(at) -> list[tuple[str, str]]:
    return [
        (where, left)
        for where, text in visible_text(at)
        if text and (left := unmarked(text)) is not None
    ]
