"""Reported counts over time, where a "more than" figure stays visibly a lower bound."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.common import METRIC_NOUNS, date_labels, plain, styled, year_of
from dashboard.formatting import count_label, count_phrase, date_label, sentence_case, year_span

EXACT_MARKER, LOWER_BOUND_MARKER = "circle", "circle-open"


def series_finding(counts: pd.DataFrame, initiative_id: str, metric: str) -> str | None:
    """'U4SSC grew from 16 to 20 UN agencies, 2017–2025', from the first and last reports."""
    series = counts[(counts["initiative_id"] == initiative_id) & (counts["metric"] == metric)]
    if series.empty:
        return None
    first, last = series.iloc[0], series.iloc[-1]
    noun = METRIC_NOUNS.get(metric, metric)
    who = last["initiative"]
    if len(series) == 1 or first["value"] == last["value"]:
        return (
            f"{who}: {count_phrase(last['value'], last['qualifier'])} {noun} "
            f"({date_label(last['as_of'], last['as_of_precision'])})"
        )
    verb = "grew" if last["value"] > first["value"] else "went"
    return (
        f"{who} {verb} from {count_phrase(first['value'], first['qualifier'])} to "
        f"{count_phrase(last['value'], last['qualifier'])} {noun}, "
        f"{year_span(year_of(first['as_of']), year_of(last['as_of']))}"
    )


def count_trace(
    series: pd.DataFrame, name: str, colour: str, *, show_legend: bool = True
) -> go.Scatter:
    lower = series["qualifier"] == ">"
    lows = series["low"] if "low" in series else series["value"]
    hover = [
        f"{plain(name)}<br>{count_label(v, q)} {plain(label)}"
        f"{' (a lower bound: more than ' + format(int(v), ',') + ')' if q == '>' else ''}"
        f"{f'<br>sources differ: {int(low):,} to {int(v):,}' if low != v else ''}"
        f"<br>as of {d}<br>source: {plain(src)}"
        for v, low, q, label, d, src in zip(
            series["value"],
            lows,
            series["qualifier"],
            series["label"],
            date_labels(series, "as_of", "as_of_precision"),
            series["source_title"],
            strict=True,
        )
    ]
    return go.Scatter(
        x=series["as_of"],
        y=series["value"],
        name=plain(name),
        legendgroup=plain(name),
        showlegend=show_legend,
        mode="lines+markers+text",
        text=[count_label(v, q) for v, q in zip(series["value"], series["qualifier"], strict=True)],
        textposition="top center",
        # "more than 70" is a lower bound: an open marker, never a filled point
        marker={
            "symbol": [LOWER_BOUND_MARKER if b else EXACT_MARKER for b in lower],
            "size": 11,
            "color": colour,
            "line": {"width": 2, "color": colour},
        },
        line={"color": colour, "width": 2},
        hovertext=hover,
        hoverinfo="text",
    )


def growth_chart(
    counts: pd.DataFrame, colours: Mapping[str, str], title: str | None = None
) -> go.Figure:
    """One panel per metric, one line per initiative; every reported figure is a point."""
    metrics = list(dict.fromkeys(counts["metric"]))
    fig = make_subplots(
        rows=len(metrics),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        subplot_titles=[sentence_case(METRIC_NOUNS.get(m, m)) for m in metrics],
    )
    seen: set[str] = set()
    for row, metric in enumerate(metrics, start=1):
        for initiative_id, series in counts[counts["metric"] == metric].groupby(
            "initiative_id", sort=False
        ):
            name = series["initiative"].iloc[0]
            fig.add_trace(
                count_trace(
                    series,
                    name,
                    colours.get(initiative_id, "#999999"),
                    show_legend=name not in seen,
                ),
                row=row,
                col=1,
            )
            seen.add(name)
        fig.update_yaxes(rangemode="tozero", row=row, col=1)
    if title is None:
        title = series_finding(counts, "u4ssc", "un_agencies") or "Reported figures over time"
    return styled(fig, title, height=max(320, 230 * len(metrics) + 80))


def metric_chart(
    counts: pd.DataFrame, markers: pd.DataFrame, colours: Mapping[str, str], title: str
) -> go.Figure:
    """One metric over time, with programme events as labelled vertical markers."""
    fig = go.Figure()
    for initiative_id, series in counts.groupby("initiative_id", sort=False):
        fig.add_trace(
            count_trace(
                series,
                f"{series['initiative'].iloc[0]}: {series['label'].iloc[-1] or ''}",
                colours.get(initiative_id, "#999999"),
            )
        )
    if not counts.empty:
        # Mark the events of the years the figures span, so the reader sees what came when.
        years = pd.to_datetime(markers["date"]).dt.year
        first, last = year_of(counts["as_of"].min()), year_of(counts["as_of"].max())
        for row in markers[(years >= first) & (years <= last)].itertuples():
            fig.add_vline(
                x=pd.Timestamp(row.date).timestamp() * 1000,
                line_dash="dot",
                line_color="#888888",
                annotation_text=plain(row.name),
                annotation_textangle=-90,
                annotation_position="top left",
                annotation_font_size=10,
            )
    fig.update_yaxes(rangemode="tozero")
    return styled(fig, title)
