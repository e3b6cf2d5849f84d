"""What a count chart says in one sentence: a series' finding, a panel's, the whole chart's.

Each sentence is built whole here, from the first and last report of a series.
"""

from __future__ import annotations

import pandas as pd

from dashboard.charts.common import METRIC_NOUNS, year_of
from dashboard.formatting import count_phrase, date_label, year_span


def line_finding(series: pd.DataFrame, noun: str | None = None) -> str:
    """'U4SSC grew from 16 to 20 UN agencies, 2017–2025', from one series (oldest first)."""
    first, last = series.iloc[0], series.iloc[-1]
    noun = noun or METRIC_NOUNS.get(last["metric"], last["metric"])
    who = last["initiative"]
    now = count_phrase(last["value"], last["qualifier"])
    if len(series) == 1 or first["value"] == last["value"]:
        when = date_label(last["as_of"], last["as_of_precision"])
        return f"{who}: {now} {noun} as of {when}"
    before = count_phrase(first["value"], first["qualifier"])
    span = year_span(year_of(first["as_of"]), year_of(last["as_of"]))
    if last["value"] > first["value"]:
        return f"{who} grew from {before} to {now} {noun}, {span}"
    return f"{who} went from {before} to {now} {noun}, {span}"


def series_finding(counts: pd.DataFrame, initiative_id: str, metric: str) -> str | None:
    """The finding of one initiative's metric in `counts`, or None when it has no report."""
    series = counts[(counts["initiative_id"] == initiative_id) & (counts["metric"] == metric)]
    return None if series.empty else line_finding(series)


def _lines(counts: pd.DataFrame) -> list[pd.DataFrame]:
    return [series for _, series in counts.groupby(["initiative_id", "metric"], sort=False)]


def panel_finding(panel: pd.DataFrame, unit: str) -> str:
    """A panel's title: its first line's finding, naming the panel's unit and its other lines."""
    lines = _lines(panel)
    finding = line_finding(lines[0])
    if unit not in finding:
        finding = f"{finding} (counted in {unit})"
    others = len(lines) - 1
    if others == 0:
        return finding
    if others == 1:
        return f"{finding}; 1 more line in this panel"
    return f"{finding}; {others} more lines in this panel"


def growth_finding(counts: pd.DataFrame) -> str:
    """The growth chart's title: how many of its figures grew, over which years."""
    lines = _lines(counts)
    if len(lines) == 1:
        return line_finding(lines[0])
    grew = sum(1 for s in lines if s["value"].iloc[-1] > s["value"].iloc[0])
    span = year_span(year_of(counts["as_of"].min()), year_of(counts["as_of"].max()))
    total = len(lines)
    if grew == total == 2:
        return f"Both figures grew, {span}"
    if grew == total:
        return f"All {total} figures grew, {span}"
    if grew == 0:
        return f"None of the {total} figures grew, {span}"
    return f"{grew} of the {total} figures grew, {span}"
