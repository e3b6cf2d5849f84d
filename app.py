"""Entry point: page setup and navigation. Each page draws the global filters itself."""

import streamlit as st

from dashboard.page_setup import PAGE_CONFIG, streamlit_pages

st.set_page_config(**PAGE_CONFIG)

# The sidebar's own links (dashboard.page_setup.sidebar_links) carry the filters between pages.
st.navigation(streamlit_pages(), position="hidden").run()
