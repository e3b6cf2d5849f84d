"""Drawing a chart with its source caption, the empty state, and the data footer."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.formatting import date_label, readable_table


def sources_caption(*frames: pd.DataFrame) -> str:
    """'Source: A; B' naming every distinct source behind the points shown."""
    titles: list[str] = []
    for frame in frames:
        if "source_title" in frame:
            titles += [t for t in frame["source_title"].dropna() if t not in titles]
    return "Source: " + "; ".join(titles) if titles else ""


def chart_or_empty(
    frame: pd.DataFrame,
    draw: Callable[[pd.DataFrame], go.Figure],
    *,
    empty: str,
    key: str,
    config: dict | None = None,
    sources: tuple[pd.DataFrame, ...] | None = None,
) -> None:
    """Draw `draw(frame)` with its sources, or a friendly note when the filters leave nothing."""
    if frame.empty:
        st.info(f"{empty} Widen the years or clear a filter in the sidebar.", icon="🔎")
        return
    st.plotly_chart(draw(frame), key=key, config=config or {"displaylogo": False})
    caption = sources_caption(*(sources or (frame,)))
    if caption:
        # st.text, not st.caption: a source title is data, and must not be read as Markdown.
        st.text(caption)


def data_footer(build: pd.DataFrame) -> None:
    if build.empty:
        return
    row = build.iloc[0]
    built = pd.Timestamp(row["built_at"]).strftime("%d %B %Y, %H:%M UTC")
    latest = date_label(row["latest_source_date"], row["latest_source_precision"])
    st.divider()
    st.text(f"Data built {built} from data/ · latest source dated {latest}")


def record_table(
    frame: pd.DataFrame,
    *,
    dates: dict[str, str],
    noun: str,
    column_config: dict | None = None,
    column_order: list[str] | None = None,
) -> None:
    """A list of records: dates with their precision, clickable sources, and the row count."""
    total = int(frame["total"].iloc[0]) if "total" in frame and len(frame) else len(frame)
    if total > len(frame):
        st.text(
            f"Showing the latest {len(frame):,} of {total:,} {noun}. Narrow the filters to "
            "see the others."
        )
    else:
        st.text(f"{total:,} {noun}")
    shown = readable_table(frame.drop(columns=["total"], errors="ignore"), dates)
    st.dataframe(
        shown,
        hide_index=True,
        column_order=column_order,
        column_config={
            "source_url": st.column_config.LinkColumn("Source link"),
            "source_title": "Source",
            **(column_config or {}),
        },
    )
