"""Time-placed records: the milestones strip and the events Gantt."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import date_labels, date_ticks, plain, styled, year_of
from dashboard.colours import mark_of
from dashboard.formatting import year_span
from dashboard.language import ENGLISH, N_, Translator

# The kinds of milestone dashboard/queries/overview.py names, marked for the catalogue.
MILESTONE_KINDS = (N_("Launch"), N_("Agreement"), N_("First meeting"), N_("Assembly"))
# What a launch's date means (the query's own value; an agreement's comes from data/).
LAUNCHED = N_("launched")
MILESTONE_SYMBOLS = {
    "Launch": "diamond",
    "Agreement": "square",
    "First meeting": "circle",
    "Assembly": "triangle-up",
}
# Label boxes are placed before the browser measures them: a generous width per character at
# 12 px and an assumed plot width keep the estimate on the safe side of a wide layout. A label
# wraps at _LINE_CHARS characters, and each line of it takes one row of _ROW_PX.
_CHAR_PX, _LABEL_PAD_PX, _PLOT_PX, _ROW_PX = 7.2, 14, 900, 18
_LINE_CHARS = 30
_TOP_PX, _BOTTOM_PX = 60, 110  # the title; the year ticks and the legend


def milestone_label(kind: str, name: str, initiative: str, tr: Translator = ENGLISH) -> list[str]:
    """'Launch: Citiverse Alliance', whole, as the lines it wraps into.

    A launch is named by its initiative's short name; any other milestone by its full name,
    wrapped, never cut: the reader sees every word on screen, and again on hover.
    """
    text = tr._("{kind}: {name}", kind=tr._(kind), name=initiative if kind == "Launch" else name)
    return textwrap.wrap(text, _LINE_CHARS, break_long_words=False, break_on_hyphens=False)


def label_lanes(
    positions: list[float], widths: list[float], right_edge: float, heights: list[int] | None = None
) -> list[tuple[int, str]]:
    """For labels starting at `positions` (oldest first), a row and a side so none overlap.

    A label reads rightwards from its marker, or leftwards when it would run past the right
    edge; it takes `heights` rows (its lines, one each) from the lowest row where all of them
    are clear of the labels already placed there.
    """
    heights = heights or [1] * len(positions)
    rows: list[list[tuple[float, float]]] = []
    placed = []
    for x, width, height in zip(positions, widths, heights, strict=True):
        side = "left" if x + width <= right_edge else "right"
        start, end = (x, x + width) if side == "left" else (x - width, x)

        def clear(row: int, start: float = start, end: float = end) -> bool:
            return row >= len(rows) or all(end <= a or start >= b for a, b in rows[row])

        lowest = next(r for r in range(len(rows) + 1) if all(clear(r + k) for k in range(height)))
        for row in range(lowest, lowest + height):
            if row == len(rows):
                rows.append([])
            rows[row].append((start, end))
        placed.append((lowest, side))
    return placed


def milestones_chart(
    milestones: pd.DataFrame, colours: Mapping[str, str], *, tr: Translator = ENGLISH
) -> go.Figure:
    """Every milestone on one time axis, each named by a label in its own rows above it."""
    milestones = milestones.reset_index(drop=True)
    labels = [
        milestone_label(k, n, i, tr)
        for k, n, i in zip(
            milestones["milestone"], milestones["name"], milestones["initiative"], strict=True
        )
    ]
    dates = pd.to_datetime(milestones["date"])
    first, last = dates.min(), dates.max()
    span = max(last - first, pd.Timedelta(days=365))
    x_min, x_max = first - span * 0.02, last + span * 0.02
    per_px = (x_max - x_min) / _PLOT_PX
    placed = label_lanes(
        [(d - x_min) / per_px for d in dates],
        [max(map(len, lines)) * _CHAR_PX + _LABEL_PAD_PX for lines in labels],
        _PLOT_PX,
        [len(lines) for lines in labels],
    )
    fig = go.Figure()
    # Thin stems from each marker up to its label.
    stems_x, stems_y = [], []
    for d, (row, _) in zip(dates, placed, strict=True):
        stems_x += [d, d, None]
        stems_y += [0, row + 0.5, None]
    fig.add_trace(
        go.Scatter(
            x=stems_x,
            y=stems_y,
            mode="lines",
            line={"color": "#c8c8c8", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    date_text = date_labels(milestones, "date", "precision", tr)
    for initiative_id, group in milestones.groupby("initiative_id", sort=False):
        mark = mark_of(colours, initiative_id)
        fig.add_trace(
            go.Scatter(
                x=group["date"],
                y=[0] * len(group),
                mode="markers",
                name=plain(group["initiative"].iloc[0]),
                marker={
                    "size": 14,
                    # The shape says the kind of milestone; a repeated colour is drawn open.
                    "symbol": [
                        mark.filled(MILESTONE_SYMBOLS.get(k, "circle")) for k in group["milestone"]
                    ],
                    "color": mark.colour,
                    "line": {"width": 2, "color": mark.colour}
                    if mark.repeat
                    else {"width": 1, "color": "#ffffff"},
                },
                hovertext=[
                    tr._("{kind}: {name}", kind=tr._(k), name=plain(n))
                    + f"<br>{date_text[i]}<br>"
                    + tr._("source: {title}", title=plain(s))
                    for i, k, n, s in zip(
                        group.index,
                        group["milestone"],
                        group["name"],
                        group["source_title"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    for d, lines, (row, side) in zip(dates, labels, placed, strict=True):
        fig.add_annotation(
            x=d,
            # A label stands on its stem's top and fills the rows above it, one per line.
            y=row + 0.5,
            yanchor="bottom",
            text="<br>".join(plain(line) for line in lines),
            showarrow=False,
            xanchor=side,
            align=side,
            xshift=4 if side == "left" else -4,
            font={"size": 12},
        )
    rows = max(
        (row + len(lines) for (row, _), lines in zip(placed, labels, strict=True)), default=1
    )
    fig.update_yaxes(range=[-0.6, rows + 0.6], visible=False, fixedrange=True, zeroline=False)
    fig.update_xaxes(range=[x_min, x_max], showgrid=False, **date_ticks(first, last, tr))
    years = [year_of(d) for d in milestones["date"]]
    title = tr.ngettext(
        "{n} milestone, {years}: launches, agreements, first meetings and assemblies",
        "{n} milestones, {years}: launches, agreements, first meetings and assemblies",
        len(milestones),
        years=year_span(min(years), max(years)),
    )
    height = _TOP_PX + _BOTTOM_PX + round(_ROW_PX * (rows + 1.2))
    fig = styled(fig, title, height=height, tr=tr)
    fig.update_layout(
        legend={"y": 0, "yanchor": "bottom", "yref": "container"},
        margin={"t": _TOP_PX, "b": _BOTTOM_PX},
    )
    return fig


def events_gantt(
    events: pd.DataFrame, colours: Mapping[str, str], *, tr: Translator = ENGLISH
) -> go.Figure:
    """Each event as a bar from its start to its end, one row per initiative."""
    fig = go.Figure()
    labels = date_labels(events, "started_on", "started_on_precision", tr)
    events = events.assign(date_text=labels)
    day = pd.Timedelta(days=1)
    for initiative_id, group in events.groupby("initiative_id", sort=False):
        starts = pd.to_datetime(group["started_on"])
        # A one-day event still needs a visible bar: it ends at the end of its last day.
        widths = (pd.to_datetime(group["ended_on"]) - starts + day).dt.total_seconds() * 1000
        fig.add_trace(
            go.Bar(
                base=starts,
                x=widths,
                y=group["initiative"].map(plain),
                orientation="h",
                name=plain(group["initiative"].iloc[0]),
                marker={
                    "color": mark_of(colours, initiative_id).colour,
                    "line": {"width": 6, "color": mark_of(colours, initiative_id).colour},
                    # A repeated colour is hatched, in the legend too.
                    "pattern": {"shape": mark_of(colours, initiative_id).pattern},
                },
                hovertext=[
                    f"{plain(n)}<br>{d}<br>"
                    + (plain(c) if isinstance(c, str) else tr._("place not stated"))
                    + "<br>"
                    + tr._("source: {title}", title=plain(s))
                    for n, d, c, s in zip(
                        group["name"],
                        group["date_text"],
                        group["city"],
                        group["source_title"],
                        strict=True,
                    )
                ],
                hoverinfo="text",
            )
        )
    starts, ends = pd.to_datetime(events["started_on"]), pd.to_datetime(events["ended_on"])
    fig.update_xaxes(type="date", **date_ticks(starts.min(), ends.max(), tr))
    years = pd.Series([year_of(d) for d in events["started_on"]])
    busiest = years.value_counts().sort_index(ascending=False).idxmax()
    total = int(events["total"].iloc[0]) if "total" in events else len(events)
    span, most = year_span(years.min(), years.max()), tr.number(int((years == busiest).sum()))
    if total > len(events):
        title = tr.ngettext(
            "The latest {shown} of {n} event, {years}; the busiest year was {busiest} ({count})",
            "The latest {shown} of {n} events, {years}; the busiest year was {busiest} ({count})",
            total,
            shown=tr.number(len(events)),
            years=span,
            busiest=busiest,
            count=most,
        )
    elif total == 1:
        title = tr._("1 event, {years}", years=span)
    else:
        title = tr.ngettext(
            "{n} event, {years}; the busiest year was {busiest} ({count})",
            "{n} events, {years}; the busiest year was {busiest} ({count})",
            total,
            years=span,
            busiest=busiest,
            count=most,
        )
    fig.update_layout(barmode="overlay", bargap=0.5)
    height = max(300, 90 * events["initiative_id"].nunique() + 160)
    return styled(fig, title, height=height, tr=tr)
