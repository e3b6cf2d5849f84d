"""Analyst workbench: browse tables and run read-only SQL (being built; see issue 5)."""

import streamlit as st

from dashboard.sidebar import page_filters

filters = page_filters()
st.title("Explore the data")
st.info("The table browser and SQL console are being built.")
