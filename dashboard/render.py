"""Drawing a chart with its source caption, the empty state, and the data footer."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.export_image import FORMATS, figure_image
from dashboard.formatting import date_label, readable_table
from dashboard.projector_theme import presentation_style


def sources_caption(*frames: pd.DataFrame) -> str:
    """'Source: A; B' naming every distinct source behind the points shown."""
    titles: list[str] = []
    for frame in frames:
        if "source_title" in frame:
            # A point reported by several sources carries them joined as "A; B".
            for joined in frame["source_title"].dropna():
                titles += [t for t in str(joined).split("; ") if t not in titles]
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
    fig = draw(frame)
    st.plotly_chart(fig, key=key, config=config or {"displaylogo": False})
    caption = sources_caption(*(sources or (frame,)))
    if caption:
        # st.text, not st.caption: a source title is data, and must not be read as Markdown.
        st.text(caption)
    export_menu(fig, key)


def export_menu(fig: go.Figure, key: str) -> None:
    """PNG (1920 × 1080) and SVG of the chart in the projector theme, drawn only when clicked."""
    with st.popover("Download chart", icon=":material/download:"):
        for fmt, mime in FORMATS.items():
            st.download_button(
                fmt.upper(),
                data=lambda fmt=fmt: figure_image(presentation_style(fig, dark=False), fmt),
                file_name=f"{key}.{fmt}",
                mime=mime,
                key=f"{key}-{fmt}",
                on_click="ignore",
            )


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
