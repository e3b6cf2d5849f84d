"""Time-placed records: the milestones strip and the events Gantt."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import date_labels, plain, styled, year_of
from dashboard.formatting import year_span


def milestones_chart(milestones: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    fig = go.Figure()
    labels = date_labels(milestones, "date", "precision")
    milestones = milestones.assign(date_text=labels)
    for initiative_id, group in milestones.groupby("initiative_id", sort=False):
        fig.add_trace(
            go.Scatter(
                x=group["date"],
                y=group["milestone"],
                mode="markers",
                name=plain(group["initiative"].iloc[0]),
                marker={
                    "size": 14,
                    "color": colours.get(initiative_id, "#999999"),
                    "line": {"width": 1, "color": "#ffffff"},
                },
                hovertext=[
                    f"{plain(n)}<br>{d}<br>source: {plain(s)}"
                    for n, d, s in zip(
                        group["name"], group["date_text"], group["source_title"], strict=True
                    )
                ],
                hoverinfo="text",
            )
        )
    years = [year_of(d) for d in milestones["date"]]
    title = (
        f"{len(milestones)} milestones, {year_span(min(years), max(years))}: launches, "
        "agreements, first meetings and assemblies"
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=["Launch", "Agreement", "First meeting", "Assembly"]
    )
    return styled(fig, title, height=360)


def events_gantt(events: pd.DataFrame, colours: Mapping[str, str]) -> go.Figure:
    """Each event as a bar from its start to its end, one row per initiative."""
    fig = go.Figure()
    labels = date_labels(events, "started_on", "started_on_precision")
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
                    f"{plain(n)}<br>{d}<br>{plain(c) if isinstance(c, str) else 'place not stated'}"
                    f"<br>source: {plain(s)}"
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
    fig.update_xaxes(type="date")
    years = pd.Series([year_of(d) for d in events["started_on"]])
    busiest = years.value_counts().sort_index(ascending=False).idxmax()
    total = int(events["total"].iloc[0]) if "total" in events else len(events)
    shown = (
        f"{len(events)} events"
        if total == len(events)
        else (f"The latest {len(events)} of {total:,} events")
    )
    title = (
        f"{shown}, {year_span(years.min(), years.max())}; the busiest year "
        f"was {busiest} ({int((years == busiest).sum())})"
    )
    fig.update_layout(barmode="overlay", bargap=0.5)
    return styled(fig, title, height=max(300, 90 * events["initiative_id"].nunique() + 160))
