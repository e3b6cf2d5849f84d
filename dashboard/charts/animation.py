"""Growth played year by year: one Plotly frame per year holds every report up to that year."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts.common import date_ticks, metric_noun, styled

# The growth chart's own trace, so a lower bound looks the same whether played or not.
from dashboard.charts.growth import count_trace, series_finding
from dashboard.formatting import sentence_case
from dashboard.language import ENGLISH, Translator

GROWTH_METRICS = ("partners", "un_agencies", "kpi_cities")
FRAME_MS, TRANSITION_MS = 900, 300


def _series(counts: pd.DataFrame) -> list[tuple[int, str, pd.DataFrame]]:
    """(panel row, initiative name, its reports) per line, in the growth chart's order."""
    lines = []
    for row, metric in enumerate(dict.fromkeys(counts["metric"]), start=1):
        for _, series in counts[counts["metric"] == metric].groupby("initiative_id", sort=False):
            lines.append((row, series["initiative"].iloc[0], series))
    return lines


def _traces(
    lines: list[tuple[int, str, pd.DataFrame]],
    colours: Mapping[str, str],
    up_to: int | None,
    tr: Translator,
) -> list[go.Scatter]:
    seen: set[str] = set()
    traces = []
    for _, name, series in lines:
        shown = series if up_to is None else series[series["as_of"].dt.year <= up_to]
        colour = colours.get(series["initiative_id"].iloc[0], "#999999")
        traces.append(count_trace(shown, name, colour, show_legend=name not in seen, tr=tr))
        seen.add(name)
    return traces


def _controls(years: list[int], tr: Translator) -> dict:
    """A play/pause pair and a year slider; the slider starts at the last year (the full data)."""
    play = {
        "frame": {"duration": FRAME_MS, "redraw": True},
        "transition": {"duration": TRANSITION_MS},
        "fromcurrent": False,
        "mode": "immediate",
    }
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    return {
        "updatemenus": [
            {
                "type": "buttons",
                "direction": "left",
                "showactive": False,
                "x": 0,
                "xanchor": "left",
                "y": -0.12,
                "yanchor": "top",
                "buttons": [
                    {
                        "label": "▶ " + tr.pgettext("animation", "Play"),
                        "method": "animate",
                        "args": [None, play],
                    },
                    {
                        "label": "❚❚ " + tr.pgettext("animation", "Pause"),
                        "method": "animate",
                        "args": [[None], pause],
                    },
                ],
            }
        ],
        "sliders": [
            {
                "active": len(years) - 1,
                "x": 0.2,
                "len": 0.8,
                "y": -0.08,
                "yanchor": "top",
                "currentvalue": {"prefix": tr._("Reported up to") + " ", "visible": True},
                "steps": [
                    {
                        "label": str(year),
                        "method": "animate",
                        "args": [[str(year)], {**pause, "frame": {"duration": 0, "redraw": True}}],
                    }
                    for year in years
                ],
            }
        ],
    }


def animated_growth_chart(
    counts: pd.DataFrame,
    colours: Mapping[str, str],
    title: str | None = None,
    *,
    tr: Translator = ENGLISH,
) -> go.Figure:
    """One panel per metric; frame `Y` shows every report dated in year Y or before.

    The figure's own data is the last frame, so a static export shows every report.
    Args: counts, as `counts_over_time` returns them (oldest first); colours per initiative.
    """
    lines = _series(counts)
    metrics = list(dict.fromkeys(counts["metric"]))
    years = list(range(counts["as_of"].dt.year.min(), counts["as_of"].dt.year.max() + 1))
    fig = make_subplots(
        rows=len(metrics),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.1,
        # One panel needs no panel title: the chart's title names the metric.
        subplot_titles=[sentence_case(metric_noun(m, tr)) for m in metrics]
        if len(metrics) > 1
        else None,
    )
    for (row, _, _), trace in zip(lines, _traces(lines, colours, None, tr), strict=True):
        fig.add_trace(trace, row=row, col=1)
    every_line = list(range(len(lines)))
    fig.frames = [
        go.Frame(name=str(year), data=_traces(lines, colours, year, tr), traces=every_line)
        for year in years
    ]
    # Fixed axes: a frame adds points, it never rescales what was already drawn.
    fig.update_xaxes(
        range=[f"{years[0] - 1}-10-01", f"{years[-1] + 1}-03-31"],
        **date_ticks(counts["as_of"].min(), counts["as_of"].max(), tr),
    )
    for row, metric in enumerate(metrics, start=1):
        top = counts.loc[counts["metric"] == metric, "value"].max()
        fig.update_yaxes(range=[0, top * 1.3], row=row, col=1)
    fig.update_layout(**_controls(years, tr))
    if title is None:
        title = next(
            (
                finding
                for initiative_id, metric in (("u4ssc", "un_agencies"), ("citiverse", "partners"))
                if (finding := series_finding(counts, initiative_id, metric, tr))
            ),
            tr._("Reported figures, year by year"),
        )
    fig = styled(fig, title, height=max(380, 230 * len(metrics) + 160), tr=tr)
    # The play button and the year slider take the bottom; the legend goes above the plot.
    fig.update_layout(
        margin={"b": 120},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
    )
    return fig
