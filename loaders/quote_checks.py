"""Quotes that claim to be verbatim are checked against the source's text, where data/ has it.

`data/reference/<source id>.txt` holds a source's full text (today: the 2025 Digest). Then:

- the `quote` of every row citing that source must appear in it;
- a note may quote any source as `(<source id>): "<words>"`, e.g. the Digest's words for a
  group's purpose in a row that cites another page: `Purpose (digest-2025): "Designing ..."`.
  Those words must appear in that source's text too.

Whitespace and line breaks do not count, and `...` stands for words left out (the pieces must
appear in order). Sources without a text file are not checked: their quotes come from the
reviewed public-facts table.
"""

from __future__ import annotations

import re
from pathlib import Path

from loaders.checked_rows import CheckedTable
from loaders.problems import Problem

REFERENCE_FOLDER = "reference"
# `(digest-2025): "words"` inside a note: a claim that the words are the source's own.
NOTE_QUOTE = re.compile(r"\((?P<source>[a-z0-9-]+)\): \"(?P<words>[^\"]+)\"")
_LEFT_OUT = re.compile(r"\s*(?:\.\.\.|…)\s*")


def reference_texts(data_dir: Path) -> dict[str, str]:
    """Each source's full text, by source id, with whitespace collapsed."""
    folder = data_dir / REFERENCE_FOLDER
    if not folder.is_dir():
        return {}
    return {
        path.stem: _collapsed(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt"))
    }


def quoted_in(words: str, text: str) -> bool:
    """Whether `words` appear in `text`, a `...` standing for words left out."""
    position = 0
    for piece in _LEFT_OUT.split(_collapsed(words)):
        if not piece:
            continue
        found = text.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def check_quotes(tables: dict[str, CheckedTable], texts: dict[str, str]) -> list[Problem]:
    if not texts:
        return []
    problems = []
    for table in tables.values():
        for row in table.rows:
            values = row.values
            quote, source = values.get("quote"), values.get("source_id")
            if quote and source in texts and not quoted_in(quote, texts[source]):
                problems.append(
                    Problem(row.path, row.line, "quote", f"is not in the text of {source}")
                )
            for match in NOTE_QUOTE.finditer(values.get("note") or ""):
                cited, words = match["source"], match["words"]
                if cited in texts and not quoted_in(words, texts[cited]):
                    problems.append(
                        Problem(
                            row.path,
                            row.line,
                            "note",
                            f'"{_shortened(words)}" is not in the text of {cited}',
                        )
                    )
    return problems


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _shortened(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[: limit - 1] + "…"
