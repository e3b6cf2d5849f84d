"""Text from a URL or a record shown inside Streamlit's Markdown as itself, never as markup.

st.warning, st.info, st.error, st.success and st.caption read their text as Markdown, so a
query parameter pasted into a notice could draw a link, fetch an image or format the app's own
message. Two ways, one for each kind of text:
- `markdown_literal`: text from a URL, as a code span, so a person sees exactly what the link
  held, every character marked as not the app's own;
- `record_markdown`: text of the app's records and messages (a title, a file name, an error),
  read as ordinary prose, every character that Markdown or Streamlit's extensions could read
  as markup escaped.
"""

from __future__ import annotations

import html
import re
import unicodedata

LONGEST_SHOWN = 200
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_BACKTICK_RUNS = re.compile(r"`+")
_MATERIAL_SLASH = re.compile(r"(?<=:material)/")


def markdown_literal(text: str, longest: int = LONGEST_SHOWN) -> str:
    """`text` as one inline code span, which Markdown shows character for character.

    The fence is one backtick longer than any run inside, so no backtick can close it early;
    line breaks become spaces, because a blank line would end the span and the paragraph;
    control and invisible format characters (a right-to-left override, a zero-width space)
    become U+FFFD, so what is read is what was sent; and text past `longest` characters is cut.

    One exception to "one span": Streamlit rewrites every `:material/` of the Markdown source to
    `:material_` before parsing it, code spans included, so `:material/home:` would show as
    `:material_home:`. There the span is closed and the slash written as `&#47;`, which
    Markdown shows as `/` and Streamlit does not rewrite.
    """
    shown = _LINE_BREAKS.sub(" ", text)
    shown = "".join(
        "\ufffd" if unicodedata.category(c) in ("Cc", "Cf") and c != "\t" else c for c in shown
    )
    if len(shown) > longest:
        shown = shown[: longest - 1] + "…"
    parts = _MATERIAL_SLASH.split(shown)
    if len(parts) > 1:
        return "&#47;".join(_code_span(part) if part else "" for part in parts)
    return _code_span(shown)


def _code_span(shown: str) -> str:
    fence = "`" * (1 + max((len(run) for run in _BACKTICK_RUNS.findall(shown)), default=0))
    # A span starting or ending with a backtick needs a space inside its fence; Markdown then
    # drops one space from each end, so pad both ends whenever either needs it.
    pad = " " if not shown or shown[0] in "` " or shown[-1] in "` " else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


# CommonMark's ASCII punctuation that can start or end markup (a heading's `#`, a setext
# heading's `=` and `-`, emphasis, links, code, HTML) and Streamlit's own: `$` (LaTeX), `:`
# (`:red[…]`, emoji shortcodes) and `/`, since Streamlit rewrites `:material/` in the source
# (see `markdown_literal`) and `\:material\/` is not that.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-=.!|~<>$:/])")


def record_markdown(text: object) -> str:
    """`text` on one line, as prose that Markdown shows as it is: HTML escaped, every Markdown
    character backslash-escaped, and line breaks joined, so no line can start a heading (a
    line of `===` under another makes one) or a list."""
    flat = " ".join(str(text).split())
    # Quotes stay as they are: escaped, their entity's `#` would be escaped in turn and shown.
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
