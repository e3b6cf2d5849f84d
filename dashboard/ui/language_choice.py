"""The run's language: `?lang=` in the URL, else the session's, else the browser's; the picker at
the top of the sidebar; right-to-left layout for Arabic."""

from __future__ import annotations

import streamlit as st

from dashboard.language import (
    ENGLISH_CODE,
    LANG_PARAM,
    LANGUAGES,
    Translator,
    browser_language,
    language_from_param,
    translator,
)

_CHOSEN = "_language"
_FROM_URL = "_language_in_url"
_PICKER = "language_picker"

# Streamlit has no right-to-left support (streamlit/streamlit#552): the page's text, the sidebar
# and the tables turn right-to-left; the charts stay left-to-right, so a time axis runs from the
# earliest year on the left as on every printed chart, and no number is mirrored.
RTL_CSS = """<style>
[data-testid="stMain"], [data-testid="stSidebar"], [data-testid="stDataFrame"] { direction: rtl; }
[data-testid="stPlotlyChart"], [data-testid="stSlider"], [data-testid="stImage"] {
  direction: ltr; }
[data-testid="stMain"] p, [data-testid="stMain"] h1, [data-testid="stMain"] h2,
[data-testid="stMain"] h3, [data-testid="stSidebar"] p { text-align: start; }
</style>"""


def _browser_choice() -> str:
    try:
        return browser_language(st.context.locale, st.context.headers.get("Accept-Language"))
    except (AttributeError, RuntimeError, KeyError):
        return ENGLISH_CODE


def _choose() -> tuple[str, str | None]:
    """The language for this run, and a notice (in English) for an unknown `?lang=`."""
    from_url, notice = language_from_param(st.query_params.get(LANG_PARAM))
    st.session_state[_FROM_URL] = from_url is not None
    if from_url is not None:
        return from_url, None
    if notice is not None:
        return ENGLISH_CODE, notice
    # A page switch through Streamlit's own means drops the query string; the session remembers.
    return st.session_state.get(_CHOSEN) or _browser_choice(), None


def run_language() -> tuple[Translator, str | None]:
    """Chooses the run's language and remembers it; the notice is shown once the page is set."""
    code, notice = _choose()
    st.session_state[_CHOSEN] = code
    return translator(code), notice


def current_translator() -> Translator:
    """The language `run_language` chose for this run (English before it ran)."""
    return translator(st.session_state.get(_CHOSEN) or ENGLISH_CODE)


def language_in_links() -> dict[str, str]:
    """What the sidebar's links add to the filters: `lang`, when the URL or the picker set it."""
    code = st.session_state.get(_CHOSEN)
    return {LANG_PARAM: code} if code and st.session_state.get(_FROM_URL) else {}


def apply_direction(tr: Translator) -> None:
    if tr.right_to_left:
        st.html(RTL_CSS)


def language_picker(tr: Translator) -> None:
    """Each language in its own script; choosing one writes `?lang=` (kept by the links)."""

    def remember() -> None:
        chosen = st.session_state[_PICKER]
        st.query_params[LANG_PARAM] = chosen
        st.session_state[_CHOSEN] = chosen
        st.session_state[_FROM_URL] = True

    options = list(LANGUAGES)
    shown = tr.code if tr.code in LANGUAGES else ENGLISH_CODE
    if st.session_state.get(_PICKER) != shown:
        st.session_state[_PICKER] = shown
    st.selectbox(
        tr._("Language"),
        options,
        key=_PICKER,
        format_func=lambda code: LANGUAGES[code].native_name,
        on_change=remember,
    )
