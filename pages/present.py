"""Presenter mode: the curated deck, one full-width chart per slide, with arrow keys and downloads.

The slide, the theme and the filters live in the URL (`?slide=3&mode=dark&from=2024`).
"""

import streamlit as st

from dashboard.cached_queries import run_query
from dashboard.present import deck_page
from dashboard.present.deck_content import SLIDE_COUNT, fetch_deck_data, footer
from dashboard.ui.language_choice import current_translator
from dashboard.ui.sidebar_filters import page_filters

dark, mode_notice = deck_page.projector_mode()
filters = page_filters(sidebar=False)
number, slide_notice = deck_page.current_slide(SLIDE_COUNT)
deck_page.hide_chrome(dark)
for notice in (mode_notice, slide_notice):
    if notice:
        st.warning(notice, icon="⚠️")

data = fetch_deck_data(run_query, filters, tr=current_translator())
slide = deck_page.shared_slide(data, number)
deck_page.show_slide(data, slide, footer(data, slide, dark=dark), dark)
deck_page.controls(data, slide, SLIDE_COUNT, dark)
