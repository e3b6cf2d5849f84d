"""Editors only: import new records (being built; see issue 6)."""

import streamlit as st

st.title("Manage the data")
st.info("Editing is not enabled yet.")
