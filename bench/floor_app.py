"""The floor a dashboard page is held to: the bare page plus the widget kinds a page draws.

One Plotly chart as in `baseline_app.py`; in the sidebar a range slider and two multiselects
with placeholders; in the main area three bordered metric tiles with a delta and help, a
horizontal radio row, a popover, a toggle and an expander. The browser loads each widget
kind's code on first use, so this is what any filtered page costs before drawing anything of
its own. `?table=1` adds one small `st.dataframe`: the floor of a page that lists records,
since the grid's code is a bundle of its own.
"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

with st.sidebar:
    st.slider("Years", 2010, 2026, (2010, 2026))
    st.multiselect("Themes", ["Theme A", "Theme B", "Theme C"], placeholder="All themes")
    st.multiselect("Initiatives", ["U4SSC", "Citiverse"], placeholder="All initiatives")

for column, (label, value, delta) in zip(
    st.columns(3), [("Events", 120, 12), ("Releases", 45, 3), ("Partners", 80, -2)], strict=True
):
    with column, st.container(border=True):
        st.metric(label, value, delta, help=f"{label} in the chosen years")
st.radio("View", ["Growth", "Milestones", "What is new"], horizontal=True)
with st.popover("Download chart"):
    st.write("PNG · SVG")
st.toggle("Show the rows")
with st.expander("Sources"):
    st.write("One source.")

st.plotly_chart(go.Figure(go.Scatter(x=[2019, 2020, 2021, 2022], y=[1, 3, 2, 4])))

if st.query_params.get("table"):
    st.dataframe(
        pd.DataFrame(
            {
                "date": pd.date_range("2024-01-01", periods=10, freq="MS"),
                "name": [f"Record {n}" for n in range(10)],
                "kind": ["meeting", "forum"] * 5,
                "count": range(10),
            }
        ),
        hide_index=True,
    )
