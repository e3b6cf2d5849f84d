"""Drawing a chart with its short source line, the empty state, tiles, and the data footer."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.cached_queries import built_figure, built_once
from dashboard.charts.projector_style import presentation_style
from dashboard.charts.sparkline import sparkline_svg
from dashboard.export_image import FORMATS, figure_image
from dashboard.filters import Filters
from dashboard.formatting import date_label, readable_table, short_source
from dashboard.kpis import KpiCard
from dashboard.markdown_literal import record_markdown

_CHARTS_THIS_RUN = "_charts_this_run"
# Characters a source URL keeps as they are; any other is percent-encoded.
_URL_SAFE = ":/?&=#%~+,;@!$'*"
# A chart's data table at the foot of the page shows at most this many rows.
DATA_TABLE_ROWS = 200


def start_page_run() -> None:
    """Forget the previous run's charts: the footer lists the data of this run's charts only."""
    st.session_state[_CHARTS_THIS_RUN] = []


def source_titles(*frames: pd.DataFrame) -> list[str]:
    """Every distinct source behind the rows shown, in order of first appearance."""
    titles: list[str] = []
    for frame in frames:
        if "source_title" in frame:
            # A point reported by several sources carries them joined as "A; B".
            for joined in frame["source_title"].dropna():
                titles += [t for t in str(joined).split("; ") if t not in titles]
    return titles


def sources_caption(*frames: pd.DataFrame) -> str:
    """'Sources: Digest 2025 +3': one source by its short title, and how many more."""
    titles = source_titles(*frames)
    if not titles:
        return ""
    first = titles[0]
    for frame in frames:
        if "source_short_title" in frame and len(frame):
            first = str(frame["source_short_title"].dropna().iloc[0]).split("; ")[0]
            break
    more = f" +{len(titles) - 1}" if len(titles) > 1 else ""
    return f"Source{'s' if more else ''}: {short_source(first)}{more}"


def _finding(fig: go.Figure) -> str:
    title = fig.layout.title.text
    return html.unescape(title) if title else "Chart"


def chart_or_empty(
    frame: pd.DataFrame,
    draw: Callable[[pd.DataFrame], go.Figure],
    *,
    empty: str,
    key: str,
    config: dict | None = None,
    sources: tuple[pd.DataFrame, ...] | None = None,
    filters: Filters | None = None,
    variant: tuple = (),
) -> None:
    """Draw `draw(frame)` with a short source line, a link to its data, and its exports.

    With `filters`, the figure is built once per build, filters and `variant`
    (`built_figure`): give them only when `frame` and everything `draw` reads come from the
    pages' queries with these filters, or are in `variant`. A screen reader gets the chart's
    finding as text and a link to the chart's data table at the foot of the page (see
    `data_footer`); Plotly's SVG alone says nothing useful.
    """
    if frame.empty:
        st.info(f"{empty} Widen the years or clear a filter in the sidebar.", icon="🔎")
        return
    fig = (
        draw(frame) if filters is None else built_figure(key, filters, draw, frame, variant=variant)
    )
    finding = _finding(fig)
    st.session_state.setdefault(_CHARTS_THIS_RUN, []).append(
        (key, finding, frame, sources or (frame,))
    )
    # Read by a screen reader just before the chart, hidden on screen (see PAGE_CSS).
    with st.container(key=f"chart-finding-{key}"):
        st.markdown(f"Chart: {record_markdown(finding)}")
    st.plotly_chart(fig, key=key, config=config or {"displaylogo": False})
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        caption = sources_caption(*(sources or (frame,)))
        if caption:
            st.caption(record_markdown(caption), width="content")
        # Constant text and a key chosen by the page: no record text in this Markdown.
        st.caption(f"[Data table](#data-{key}) · [All sources](#sources)", width="content")
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


def _data_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A chart's rows for people: dates with their precision, internal columns left out."""
    dates = {c: f"{c}_precision" for c in frame if f"{c}_precision" in frame}
    if "date" in frame and "precision" in frame:
        dates["date"] = "precision"
    shown = readable_table(frame.head(DATA_TABLE_ROWS), dates)
    internal = [
        c
        for c in shown
        if c.endswith("_id") or c in {"points", "low", "reports", "source_short_title"}
    ]
    return shown.drop(columns=[*internal, "source_url", "total"], errors="ignore")


def _link(url: object) -> str:
    return quote(str(url), safe=_URL_SAFE)


def data_footer(build: pd.DataFrame) -> None:
    """The foot of every page: each chart's data as a table, its sources, and the build."""
    charts = st.session_state.get(_CHARTS_THIS_RUN, [])
    st.divider()
    st.header("Data and sources", anchor="sources")
    titles, urls = [], []
    for _, _, frame, sources in charts:
        for source in sources:
            for title, url in zip(
                source.get("source_title", []), source.get("source_url", []), strict=True
            ):
                for one in str(title).split("; "):
                    if one not in titles:
                        titles.append(one)
                        urls.append(url)
    if titles:
        with st.expander(f"Sources of the charts on this page ({len(titles)})"):
            # Titles are record text, made literal; a link's address is percent-encoded, so
            # no character of it can end the Markdown link early.
            st.markdown(
                "\n".join(
                    f"{number}. {record_markdown(title)} ([source]({_link(url)}))"
                    for number, (title, url) in enumerate(zip(titles, urls, strict=True), 1)
                )
            )
    for key, finding, frame, _ in charts:
        st.subheader(f"Data: {record_markdown(finding)}", anchor=f"data-{key}")
        shown = min(len(frame), DATA_TABLE_ROWS)
        label = f"Show the {shown:,} rows" + (f" (of {len(frame):,})" if len(frame) > shown else "")
        # Drawn only when asked for: a table per chart would cost every page load. A toggle,
        # not a lazy expander, whose first report of its state costs a second run.
        if st.toggle(label, key=f"data-rows-{key}"):
            st.dataframe(_data_table(frame), hide_index=True)
    if build.empty:
        return
    row = build.iloc[0]
    built_at = pd.Timestamp(row["built_at"])
    # "7 December 2026", as every other date on the page (date_label), then the time
    built = f"{date_label(built_at, 'day')}, {built_at:%H:%M} UTC"
    latest = date_label(row["latest_source_date"], row["latest_source_precision"])
    st.text(f"Data built {built} from data/ · latest source dated {latest}")


def headline_tiles(cards: list[KpiCard], colours: Mapping[str, str]) -> None:
    """The hero figures: value, change, short source, and the figure's own history."""
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        with column, st.container(border=True, height="stretch"):
            st.metric(card.label, card.value, card.delta, help=card.help)
            if card.caption:
                st.caption(record_markdown(card.caption))
            if len(card.history) > 1:
                values = [v for _, v, _ in card.history]
                # An image, not inline HTML: nothing of the record reaches the page's markup.
                st.image(
                    sparkline_svg(
                        [d.toordinal() for d, _, _ in card.history],
                        values,
                        [lower for _, _, lower in card.history],
                        colours.get(card.colour_key, "#0072B2"),
                    ),
                    alt=f"{card.label}: {len(values)} reports, from {values[0]} to {card.value}",
                    width="stretch",
                )


def metric_tiles(cards: list[KpiCard], per_row: int = 4) -> None:
    """Plain figure tiles, `per_row` to a row: activity counts, and figures reported once."""
    for start in range(0, len(cards), per_row):
        row = cards[start : start + per_row]
        for column, card in zip(st.columns(per_row), row, strict=False):
            with column, st.container(border=True, height="stretch"):
                st.metric(card.label, card.value, card.delta, help=card.help)
                if card.caption:
                    st.caption(record_markdown(card.caption))


@dataclass(frozen=True)
class ListSize:
    """What a list says about its length, each a whole sentence so that it reads (and will
    translate) right: `one` and `many` when every row is shown, `latest` when only the newest."""

    one: str
    many: str  # {count}
    latest: str  # {shown}, {total}

    def sentence(self, shown: int, total: int) -> str:
        if total > shown:
            return self.latest.format(shown=f"{shown:,}", total=f"{total:,}")
        return self.one if total == 1 else self.many.format(count=f"{total:,}")


NEW_RECORDS = ListSize(
    "1 new record",
    "{count} new records",
    "Showing the latest {shown} of {total} new records. Narrow the filters to see the others.",
)
EVENTS = ListSize(
    "1 event",
    "{count} events",
    "Showing the latest {shown} of {total} events. Narrow the filters to see the others.",
)
RELEASES = ListSize(
    "1 release",
    "{count} releases",
    "Showing the latest {shown} of {total} releases. Narrow the filters to see the others.",
)
REPORTED_FIGURES = ListSize(
    "1 reported figure",
    "{count} reported figures",
    "Showing the latest {shown} of {total} reported figures. Narrow the filters to see the others.",
)
WORKING_GROUPS = ListSize(
    "1 working group",
    "{count} working groups",
    "Showing the latest {shown} of {total} working groups. Narrow the filters to see the others.",
)


def record_table(
    frame: pd.DataFrame,
    *,
    dates: dict[str, str],
    size: ListSize,
    column_config: dict | None = None,
    column_order: list[str] | None = None,
    key: str | None = None,
    filters: Filters | None = None,
    variant: tuple = (),
) -> None:
    """A list of records: dates with their precision, clickable sources, and the row count.

    With `key` and `filters`, the dates are written once per build, filters and `variant`
    (`built_once`): give them only when `frame` comes from the pages' queries with these
    filters, or depends on nothing else than what is in `variant`.
    """
    total = int(frame["total"].iloc[0]) if "total" in frame and len(frame) else len(frame)
    st.text(size.sentence(len(frame), total))

    def written() -> pd.DataFrame:
        return readable_table(frame.drop(columns=["total"], errors="ignore"), dates)

    cached = key is not None and filters is not None
    shown = built_once(key, filters, written, variant=variant) if cached else written()
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
