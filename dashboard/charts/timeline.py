"""Time-placed records: the milestones strip and the events Gantt."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import date_labels, date_ticks, plain, styled, year_of
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
# 12 px and an assumed plot width keep the estimate on the safe side of a wide layout.
_CHAR_PX, _LABEL_PAD_PX, _PLOT_PX, _LANE_PX = 7.2, 14, 900, 24
_LABEL_CHARS = 34


def milestone_label(kind: str, name: str, tr: Translator = ENGLISH) -> str:
    """'Launch: Citiverse Alliance', cut to a length a timeline label can hold."""
    text = tr._("{kind}: {name}", kind=tr._(kind), name=name)
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def label_lanes(
    positions: list[float], widths: list[float], right_edge: float
) -> list[tuple[int, str]]:
    """For labels starting at `positions` (oldest first), a lane and a side so none overlap.

    A label reads rightwards from its marker, or leftwards when it would run past the right
    edge; each takes the lowest lane where it clears the labels already placed.
    """
    lanes: list[list[tuple[float, float]]] = []
    placed = []
    for x, width in zip(positions, widths, strict=True):
        side = "left" if x + width <= right_edge else "right"
        start, end = (x, x + width) if side == "left" else (x - width, x)
        for index, lane in enumerate(lanes):
            if all(end <= a or start >= b for a, b in lane):
                lane.append((start, end))
                placed.append((index, side))
                break
        else:
            lanes.append([(start, end)])
            placed.append((len(lanes) - 1, side))
    return placed


def milestones_chart(
    milestones: pd.DataFrame, colours: Mapping[str, str], *, tr: Translator = ENGLISH
) -> go.Figure:
    """Every milestone on one time axis, each named by a label in its own lane above it."""
    milestones = milestones.reset_index(drop=True)
    labels = [
        milestone_label(k, n, tr)
        for k, n in zip(milestones["milestone"], milestones["name"], strict=True)
    ]
    dates = pd.to_datetime(milestones["date"])
    first, last = dates.min(), dates.max()
    span = max(last - first, pd.Timedelta(days=365))
    x_min, x_max = first - span * 0.02, last + span * 0.02
    per_px = (x_max - x_min) / _PLOT_PX
    placed = label_lanes(
        [(d - x_min) / per_px for d in dates],
        [len(t) * _CHAR_PX + _LABEL_PAD_PX for t in labels],
        _PLOT_PX,
    )
    fig = go.Figure()
    # Thin stems from each marker up to its label.
    stems_x, stems_y = [], []
    for d, (lane, _) in zip(dates, placed, strict=True):
        stems_x += [d, d, None]
        stems_y += [0, lane + 1, None]
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
        fig.add_trace(
            go.Scatter(
                x=group["date"],
                y=[0] * len(group),
                mode="markers",
                name=plain(group["initiative"].iloc[0]),
                marker={
                    "size": 14,
                    "symbol": [MILESTONE_SYMBOLS.get(k, "circle") for k in group["milestone"]],
                    "color": colours.get(initiative_id, "#999999"),
                    "line": {"width": 1, "color": "#ffffff"},
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
    for d, text, (lane, side) in zip(dates, labels, placed, strict=True):
        fig.add_annotation(
            x=d,
            y=lane + 1,
            text=plain(text),
            showarrow=False,
            xanchor=side,
            xshift=4 if side == "left" else -4,
            font={"size": 12},
        )
    lanes = max((lane for lane, _ in placed), default=0) + 1
    fig.update_yaxes(range=[-0.6, lanes + 0.6], visible=False, fixedrange=True, zeroline=False)
    fig.update_xaxes(range=[x_min, x_max], showgrid=False, **date_ticks(first, last, tr))
    years = [year_of(d) for d in milestones["date"]]
    title = tr.ngettext(
        "{n} milestone, {years}: launches, agreements, first meetings and assemblies",
        "{n} milestones, {years}: launches, agreements, first meetings and assemblies",
        len(milestones),
        years=year_span(min(years), max(years)),
    )
    fig = styled(fig, title, height=130 + _LANE_PX * (lanes + 1) + 60, tr=tr)
    fig.update_layout(legend={"y": -0.12, "yanchor": "top"})
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
                    "color": colours.get(initiative_id, "#999999"),
                    "line": {"width": 6, "color": colours.get(initiative_id, "#999999")},
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
    fig.update_xaxes(
        type="date",
        **date_ticks(
            pd.to_datetime(events["started_on"]).min(), pd.to_datetime(events["ended_on"]).max(), tr
        ),
    )
    years = pd.Series([year_of(d) for d in events["started_on"]])
    busiest = years.value_counts().sort_index(ascending=False).idxmax()
    total = int(events["total"].iloc[0]) if "total" in events else len(events)
    fields = {
        "years": year_span(years.min(), years.max()),
        "busiest": busiest,
        "count": tr.number(int((years == busiest).sum())),
    }
    if total == len(events):
        title = tr.ngettext(
            "{n} event, {years}; the busiest year was {busiest} ({count})",
            "{n} events, {years}; the busiest year was {busiest} ({count})",
            len(events),
            **fields,
        )
    else:
        title = tr.ngettext(
            "The latest {shown} of {n} event, {years}; the busiest year was {busiest} ({count})",
            "The latest {shown} of {n} events, {years}; the busiest year was {busiest} ({count})",
            total,
            shown=tr.number(len(events)),
            **fields,
        )
    fig.update_layout(barmode="overlay", bargap=0.5)
    return styled(fig, title, height=max(300, 90 * events["initiative_id"].nunique() + 160), tr=tr)
