"""Presenter mode: one chart per slide (being built; see issue 4)."""

import streamlit as st

from dashboard.sidebar import page_filters

filters = page_filters(sidebar=False)
st.title("Presenter mode")
st.info("The slide deck is being built.")
