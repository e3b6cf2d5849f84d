"""Reported counts over time, where a "more than" figure stays visibly a lower bound."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import (
    date_labels,
    date_ticks,
    metric_noun,
    plain,
    styled,
    year_of,
)
from dashboard.charts.unit_panels import (
    LineStyle,
    axis_names,
    chart_finding,
    line_styles,
    panel_figure,
    unit_panels,
)
from dashboard.colours import mark_of
from dashboard.formatting import count_label, sentence_case
from dashboard.language import ENGLISH, Translator

EXACT_MARKER, LOWER_BOUND_MARKER = "circle", "circle-open"


# A series with more points than this is labelled at its end only: a label per point would
# pile up, and hundreds of them cost the browser more than the line itself.
MAX_LABELLED_POINTS = 24


def changed_value_labels(
    values: pd.Series, qualifiers: pd.Series, tr: Translator = ENGLISH
) -> list[str]:
    """A label where the figure changed and on the last point; a repeated figure stays quiet."""
    if len(values) > MAX_LABELLED_POINTS:
        return [""] * (len(values) - 1) + [count_label(values.iloc[-1], qualifiers.iloc[-1], tr)]
    labels, previous = [], None
    for index, (value, qualifier) in enumerate(zip(values, qualifiers, strict=True)):
        label = count_label(value, qualifier, tr)
        last = index == len(values) - 1
        labels.append(label if label != previous or last else "")
        previous = label
    return labels


def count_trace(
    series: pd.DataFrame,
    name: str,
    style: LineStyle,
    *,
    show_legend: bool = True,
    text: list[str] | None = None,
    tr: Translator = ENGLISH,
) -> go.Scatter:
    """One series as a line: a lower bound ("more than 70") is the open form of its marker."""
    lower = series["qualifier"] == ">"
    lows = series["low"] if "low" in series else series["value"]
    hover = []
    for v, low, q, label, d, src in zip(
        series["value"],
        lows,
        series["qualifier"],
        series["label"],
        date_labels(series, "as_of", "as_of_precision", tr),
        series["source_title"],
        strict=True,
    ):
        lines = [plain(name), f"{count_label(v, q, tr)} {plain(label)}"]
        if q == ">":
            lines[-1] += " " + tr._("(a lower bound: more than {number})", number=tr.number(int(v)))
        if low != v:
            lines.append(
                tr._(
                    "sources differ: {low} to {high}",
                    low=tr.number(int(low)),
                    high=tr.number(int(v)),
                )
            )
        lines += [tr._("as of {date}", date=d), tr._("source: {title}", title=plain(src))]
        hover.append("<br>".join(lines))
    if text is None:
        text = [
            count_label(v, q, tr) for v, q in zip(series["value"], series["qualifier"], strict=True)
        ]
    return go.Scatter(
        x=series["as_of"],
        y=series["value"],
        name=plain(name),
        legendgroup=plain(name),
        showlegend=show_legend,
        mode="lines+markers+text" if any(text) else "lines+markers",
        text=text,
        textposition="top center",
        # A label near the top edge is drawn whole rather than cut at the plot's border.
        cliponaxis=False,
        # "more than 70" is a lower bound: an open marker, never a filled point
        marker={
            "symbol": [f"{style.symbol}-open" if b else style.symbol for b in lower],
            "size": 11,
            "color": style.colour,
            "line": {"width": 2, "color": style.colour},
        },
        line={"color": style.colour, "width": 3, "dash": style.dash},
        hovertext=hover,
        hoverinfo="text",
    )


def end_label(series: pd.DataFrame, tr: Translator = ENGLISH) -> str:
    """'70+ partners · Citiverse': the last figure, what it counts, and whose it is."""
    last = series.iloc[-1]
    return tr._(
        "{count} {counted} · {initiative}",
        count=count_label(last["value"], last["qualifier"], tr),
        counted=metric_noun(last["metric"], tr, short=True),
        initiative=last["initiative"],
    )


def _spread(positions: list[float], gap: float) -> list[float]:
    """Nudge end labels apart (in axis units) so two lines ending close never overlap."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = list(positions)
    for before, after in pairwise(order):
        placed[after] = max(placed[after], placed[before] + gap)
    return placed


def growth_chart(
    counts: pd.DataFrame,
    colours: Mapping[str, str],
    title: str | None = None,
    *,
    tr: Translator = ENGLISH,
) -> go.Figure:
    """Every series reported at least twice: one panel per unit, sharing the time axis.

    Figures of different units never share an axis. Each line is labelled at its end, so no
    legend is needed; a lower bound ("more than 70") is an open marker and reads "70+".
    """
    panels = unit_panels(counts, tr)
    fig = panel_figure(panels, top_px=110, bottom_px=30, tr=tr)
    for row, panel in enumerate(panels, start=1):
        x_axis, y_axis = axis_names(row)
        styles = line_styles(panel.counts, colours)
        ends: list[tuple[pd.Timestamp, float, str, str]] = []
        for key, series in panel.counts.groupby(["initiative_id", "metric"], sort=False):
            label = end_label(series, tr)
            trace = count_trace(
                series,
                label,
                styles[key],
                show_legend=False,
                # The last figure is in the end label; the others where they changed.
                text=[*changed_value_labels(series["value"], series["qualifier"], tr)[:-1], ""],
                tr=tr,
            )
            fig.add_trace(trace, row=row, col=1)
            last = series.iloc[-1]
            ends.append((pd.Timestamp(last["as_of"]), last["value"], label, styles[key].colour))
        top = float(panel.counts["value"].max())
        fig.update_yaxes(range=[0, top * 1.3], row=row, col=1)
        placed = _spread([y for _, y, _, _ in ends], gap=top * 0.16)
        for (x, _, label, colour), y in zip(ends, placed, strict=True):
            fig.add_annotation(
                x=x,
                y=y,
                xref=x_axis,
                yref=y_axis,
                text=f"<b>{plain(label)}</b>",
                showarrow=False,
                xanchor="left",
                xshift=10,
                font={"color": colour, "size": 14},
            )
    first, last = pd.Timestamp(counts["as_of"].min()), pd.Timestamp(counts["as_of"].max())
    span = max(last - first, pd.Timedelta(days=365))
    # Room on the right for the end labels, which sit past the last point.
    fig.update_xaxes(
        range=[first - span * 0.03, last + span * 0.45],
        # Ticks only under the data, not under the labels' room; months in the language.
        **date_ticks(first, last, tr),
        showgrid=False,
    )
    fig = styled(fig, title or chart_finding(panels, counts, tr), height=fig.layout.height, tr=tr)
    fig.update_layout(showlegend=False, margin={"l": 10, "r": 20, "t": 110, "b": 30})
    return fig


def metric_chart(
    counts: pd.DataFrame,
    markers: pd.DataFrame,
    colours: Mapping[str, str],
    title: str,
    *,
    tr: Translator = ENGLISH,
) -> go.Figure:
    """One metric over time, with programme events as a hover-only strip under the axis."""
    fig = go.Figure()
    for initiative_id, series in counts.groupby("initiative_id", sort=False):
        mark = mark_of(colours, initiative_id)
        fig.add_trace(
            count_trace(
                series,
                tr._(
                    "{initiative}: {counted}",
                    initiative=series["initiative"].iloc[0],
                    counted=metric_noun(series["metric"].iloc[-1], tr),
                ),
                LineStyle(mark.colour, mark.symbol, mark.dash),
                text=changed_value_labels(series["value"], series["qualifier"], tr),
                tr=tr,
            )
        )
    if not counts.empty:
        # The events of the years the figures span, so the reader sees what came when; each one
        # is a tick in a thin strip, named on hover, so labels never pile up over the lines.
        years = pd.to_datetime(markers["date"]).dt.year
        first, last = year_of(counts["as_of"].min()), year_of(counts["as_of"].max())
        shown = markers[(years >= first) & (years <= last)]
        if len(shown):
            fig.add_trace(
                go.Scatter(
                    x=shown["date"],
                    y=[0] * len(shown),
                    yaxis="y2",
                    name=tr._("Programme events"),
                    mode="markers",
                    marker={"symbol": "line-ns-open", "size": 14, "color": "#6b6b6b"},
                    hovertext=[
                        f"{plain(n)}<br>{d}"
                        for n, d in zip(
                            shown["name"],
                            date_labels(shown, "date", "precision", tr),
                            strict=True,
                        )
                    ],
                    hoverinfo="text",
                )
            )
            fig.update_layout(
                yaxis={"domain": [0.16, 1]},
                yaxis2={
                    "domain": [0, 0.06],
                    "anchor": "x",
                    "showticklabels": False,
                    "showgrid": False,
                    "zeroline": False,
                    "fixedrange": True,
                    "title": {
                        "text": tr.pgettext("axis", "events"),
                        "font": {"size": 11},
                    },
                },
            )
        # Headroom for the value labels above the highest point.
        fig.update_layout(yaxis_range=[0, float(counts["value"].max()) * 1.25])
        fig.update_xaxes(**date_ticks(counts["as_of"].min(), counts["as_of"].max(), tr))
        if "unit" in counts:
            unit = tr._(counts["unit"].iloc[0])
            fig.update_layout(yaxis_title_text=plain(sentence_case(unit)))
    return styled(fig, title, tr=tr)
