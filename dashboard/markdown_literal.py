"""Text from a URL (or anyone) shown inside Streamlit's Markdown as itself, never as markup.

st.warning, st.info, st.error and st.caption read their text as Markdown, so a query parameter
pasted into a notice could draw a link, fetch an image or format the app's own message.
"""

from __future__ import annotations

import re
import unicodedata

LONGEST_SHOWN = 200
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_BACKTICK_RUNS = re.compile(r"`+")


def markdown_literal(text: str, longest: int = LONGEST_SHOWN) -> str:
    """`text` as one inline code span, which Markdown shows character for character.

    The fence is one backtick longer than any run inside, so no backtick can close it early;
    line breaks become spaces, because a blank line would end the span and the paragraph;
    control and invisible format characters (a right-to-left override, a zero-width space)
    become U+FFFD, so what is read is what was sent; and text past `longest` characters is cut.
    """
    shown = _LINE_BREAKS.sub(" ", text)
    shown = "".join(
        "\ufffd" if unicodedata.category(c) in ("Cc", "Cf") and c != "\t" else c for c in shown
    )
    if len(shown) > longest:
        shown = shown[: longest - 1] + "…"
    fence = "`" * (1 + max((len(run) for run in _BACKTICK_RUNS.findall(shown)), default=0))
    # A span starting or ending with a backtick needs a space inside its fence; Markdown then
    # drops one space from each end, so pad both ends whenever either needs it.
    pad = " " if not shown or shown[0] in "` " or shown[-1] in "` " else ""
    return f"{fence}{pad}{shown}{pad}{fence}"
