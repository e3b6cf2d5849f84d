"""Explore: browse any table, run read-only SQL, and check the data's health."""

import streamlit as st

from dashboard.explore.explore_tabs import browse_tab, console_tab, explore_tabs, health_tab
from dashboard.ui.language_choice import current_translator
from dashboard.ui.sidebar_filters import page_filters

filters = page_filters()
st.title(current_translator()._("Explore the data"))
browse, console, health = explore_tabs()
if browse.open:
    with browse:
        browse_tab(filters)
if console.open:
    with console:
        console_tab()
if health.open:
    with health:
        health_tab()
