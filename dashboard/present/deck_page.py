"""The /present page's Streamlit pieces: no chrome, arrow keys, slide controls and downloads.

Every stylesheet and script here is a constant: no record text ever reaches unsafe HTML.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard.cached_queries import built_once
from dashboard.charts.event_map import MAP_CONFIG
from dashboard.charts.projector_style import DARK, presentation_style
from dashboard.export_image import FORMATS, figure_image
from dashboard.present.deck_content import DeckData, Slide, build_deck, build_slide, parse_slide
from dashboard.present.export_html import deck_html
from dashboard.present.export_pptx import deck_pptx
from dashboard.ui.language_choice import current_translator

SLIDE, MODE = "slide", "mode"
_DARK_TOGGLE = "deck-dark"

# The deck fills the screen: no sidebar (nor its navigation), no header, toolbar or footer.
CHROME_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarNav"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 0.5rem; max-width: 100%;
  height: 100vh; box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > * { flex-shrink: 0; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] >
  [data-testid="stLayoutWrapper"]:has(> .st-key-deck-chart) { flex: 1 1 0 !important;
  min-height: 0; }
.st-key-deck-heading h1 { font-size: 48px; line-height: 1.2; padding: 0; margin: 0; }
.st-key-deck-heading [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
.st-key-deck-footer [data-testid="stText"], .st-key-deck-counter [data-testid="stText"] {
  font-size: 20px; }
.st-key-deck-counter [data-testid="stText"] { font-weight: 700; text-align: center; }
@media (max-height: 820px) {
  .st-key-deck-heading h1 { font-size: 34px; }
  .st-key-deck-footer [data-testid="stText"] { font-size: 15px; }
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { gap: 0.5rem; }
}
</style>"""

DARK_CSS = f"""<style>
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  background: {DARK.paper}; color: {DARK.ink}; }}
.stApp h1, .stApp p, .stApp label, .stApp [data-testid="stText"],
.stApp [data-testid="stText"] * {{ color: {DARK.ink}; }}
.stApp button {{ background: {DARK.table_header}; color: {DARK.ink}; border-color: {DARK.border}; }}
.stApp button * {{ color: {DARK.ink}; }}
.stApp button:disabled, .stApp button:disabled * {{ color: {DARK.border}; }}
</style>"""

# Streamlit has no key events: click the Previous/Next buttons on the arrow keys, unless a
# form control has the focus (its arrows are its own). Re-running replaces the listener.
ARROW_KEYS_JS = """<script>
(function () {
  if (window.__deckArrowKeys) {
    document.removeEventListener("keydown", window.__deckArrowKeys);
  }
  window.__deckArrowKeys = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var target = event.target;
    if (target && target.closest && target.closest(
        'input, textarea, select, [contenteditable=""], [contenteditable="true"], ' +
        '[role="slider"], [role="combobox"], [role="listbox"], [role="textbox"], [role="menu"]'
    )) { return; }
    var which = { ArrowRight: "next", ArrowLeft: "previous" }[event.key];
    var button = which && document.querySelector(".st-key-deck-" + which + " button");
    if (!button || button.disabled) { return; }
    event.preventDefault();
    button.click();
  };
  document.addEventListener("keydown", window.__deckArrowKeys);
})();
</script>"""


def projector_mode() -> tuple[bool, str | None]:
    """Dark or light from `?mode=` (or `?theme=dark|light`, moved to `mode`), and a notice."""
    asked = st.query_params.get_all("theme")
    if len(asked) == 1 and asked[0] in ("dark", "light"):
        # `theme` is also the themes filter; the projector's theme travels as `mode`.
        del st.query_params["theme"]
        st.query_params[MODE] = asked[0]
    mode = st.query_params.get(MODE, "light")
    if mode not in ("dark", "light"):
        del st.query_params[MODE]
        return False, current_translator()._(
            "The theme in the link is neither dark nor light; showing the light one."
        )
    return mode == "dark", None


def current_slide(count: int) -> tuple[int, str | None]:
    """The slide `?slide=` asks for (written back as the slide shown), and a notice if any."""
    number, notice = parse_slide(st.query_params.get(SLIDE), count, current_translator())
    if st.query_params.get(SLIDE) != str(number):
        st.query_params[SLIDE] = str(number)
    return number, notice


def hide_chrome(dark: bool) -> None:
    st.html(CHROME_CSS + (DARK_CSS if dark else ""))
    st.html(ARROW_KEYS_JS, unsafe_allow_javascript=True)


def _go_to(number: int) -> None:
    st.query_params[SLIDE] = str(number)


def _switch_mode() -> None:
    if st.session_state[_DARK_TOGGLE]:
        st.query_params[MODE] = "dark"
    elif MODE in st.query_params:
        del st.query_params[MODE]


def _variant(data: DeckData, number: int) -> tuple:
    """What a slide reads beyond the build and filters: its number, and the line that the
    newest source is old (which depends on today)."""
    return (number, data.currency)


def shared_slide(data: DeckData, number: int) -> Slide:
    """`build_slide(data, number)`, built once per build, filters, language and `_variant`
    for every viewer (`built_once`): the slide is shared, read it, never change it."""
    return built_once(
        "deck-slide",
        data.filters,
        lambda: build_slide(data, number),
        language=data.tr.code,
        variant=_variant(data, number),
    )


def _on_screen(figure: go.Figure, dark: bool) -> go.Figure:
    # The chart takes the window's height less the heading, footer and controls (see
    # CHROME_CSS), so a whole slide fits any window from 1280 × 720 up.
    styled = presentation_style(figure, dark, height=None)
    styled.update_layout(height=None, autosize=True)
    return styled


def show_slide(data: DeckData, slide: Slide, footer_text: str, dark: bool) -> None:
    """The slide's heading, its chart full width (or the empty state) and its footer.

    The projector-styled figure is built once per slide, build, filters and theme.
    """
    with st.container(key="deck-heading"):
        st.title(slide.heading, anchor=False)
    tr = current_translator()
    if slide.figure is None:
        st.info(
            tr._("{nothing} Widen the years or clear a filter.", nothing=slide.empty), icon="🔎"
        )
    else:
        config = {
            "displaylogo": False,
            "locale": tr.code,
            "locales": {tr.code: tr.plotly_locale()},
            **(MAP_CONFIG if slide.kind == "map" else {}),
        }
        figure = built_once(
            "deck-slide-on-screen",
            data.filters,
            lambda: _on_screen(slide.figure, dark),
            language=data.tr.code,
            variant=(*_variant(data, slide.number), dark),
        )
        with st.container(key="deck-chart", height="stretch"):
            st.plotly_chart(
                figure,
                theme=None,
                config=config,
                key=f"deck-slide-{slide.number}",
                height="stretch",
            )
    with st.container(key="deck-footer"):
        st.text(footer_text)  # record text (source titles): plain text, never Markdown


def controls(data: DeckData, slide: Slide, count: int, dark: bool) -> None:
    """Previous, the counter ('3 / 8'), Next, the theme toggle and the downloads, in one row."""
    tr = current_translator()
    previous, counter, following, _, mode, downloads = st.columns(
        [1, 1, 1, 3, 1.5, 1.5], vertical_alignment="center"
    )
    with previous:
        st.button(
            tr._("Previous"),
            key="deck-previous",
            icon=":material/arrow_back:",
            on_click=_go_to,
            args=(slide.number - 1,),
            disabled=slide.number <= 1,
            width="stretch",
        )
    with counter, st.container(key="deck-counter"):
        st.text(f"{slide.number} / {count}")
    with following:
        st.button(
            tr._("Next"),
            key="deck-next",
            icon=":material/arrow_forward:",
            on_click=_go_to,
            args=(slide.number + 1,),
            disabled=slide.number >= count,
            width="stretch",
        )
    with mode:
        st.session_state[_DARK_TOGGLE] = dark
        st.toggle(tr._("Dark theme"), key=_DARK_TOGGLE, on_change=_switch_mode)
    with downloads:
        download_area(data, slide, dark)


def download_area(data: DeckData, slide: Slide, dark: bool) -> None:
    """The deck as PowerPoint or offline HTML, and this slide's chart as PNG or SVG.

    Each file is made only when its button is clicked (a callable), never on a page load.
    """
    span = f"{data.filters.year_from}-{data.filters.year_to}"
    tr = data.tr
    with st.popover(tr._("Download"), icon=":material/download:", width="stretch"):
        st.download_button(
            tr._("PowerPoint (.pptx)"),
            data=lambda: deck_pptx(data, build_deck(data)),
            file_name=f"programme-deck-{span}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            key="deck-pptx",
            on_click="ignore",
        )
        st.download_button(
            tr._("Offline HTML"),
            data=lambda: deck_html(data, build_deck(data), dark=dark),
            file_name=f"programme-deck-{span}.html",
            mime="text/html",
            key="deck-html",
            on_click="ignore",
        )
        if slide.figure is None:
            return
        for fmt, mime in FORMATS.items():
            st.download_button(
                tr._("This chart as {format}", format=fmt.upper()),
                data=lambda fmt=fmt: figure_image(presentation_style(slide.figure, dark), fmt),
                file_name=f"slide-{slide.number}-{slide.key}.{fmt}",
                mime=mime,
                key=f"deck-{fmt}",
                on_click="ignore",
            )
