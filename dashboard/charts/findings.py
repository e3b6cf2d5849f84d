"""What a count chart says in one sentence: a series' finding, a panel's, the whole chart's.

Each sentence is built whole here, from the first and last report of a series, in the
translator's language (`tr`, English by default).
"""

from __future__ import annotations

import pandas as pd

from dashboard.charts.common import metric_noun, year_of
from dashboard.formatting import count_phrase, date_label, year_span
from dashboard.language import ENGLISH, Translator


def line_finding(series: pd.DataFrame, noun: str | None = None, tr: Translator = ENGLISH) -> str:
    """'U4SSC grew from 16 to 20 UN agencies, 2017–2025', from one series (oldest first)."""
    first, last = series.iloc[0], series.iloc[-1]
    fields = {
        "initiative": last["initiative"],
        "counted": noun or metric_noun(last["metric"], tr),
        "last": count_phrase(last["value"], last["qualifier"], tr),
    }
    if len(series) == 1 or first["value"] == last["value"]:
        return tr._(
            "{initiative}: {count} {counted} as of {date}",
            initiative=fields["initiative"],
            count=fields["last"],
            counted=fields["counted"],
            date=date_label(last["as_of"], last["as_of_precision"], tr),
        )
    fields["first"] = count_phrase(first["value"], first["qualifier"], tr)
    fields["years"] = year_span(year_of(first["as_of"]), year_of(last["as_of"]))
    if last["value"] > first["value"]:
        return tr._("{initiative} grew from {first} to {last} {counted}, {years}", **fields)
    return tr._("{initiative} went from {first} to {last} {counted}, {years}", **fields)


def series_finding(
    counts: pd.DataFrame, initiative_id: str, metric: str, tr: Translator = ENGLISH
) -> str | None:
    """The finding of one initiative's metric in `counts`, or None when it has no report."""
    series = counts[(counts["initiative_id"] == initiative_id) & (counts["metric"] == metric)]
    return None if series.empty else line_finding(series, tr=tr)


def _lines(counts: pd.DataFrame) -> list[pd.DataFrame]:
    return [series for _, series in counts.groupby(["initiative_id", "metric"], sort=False)]


def panel_finding(panel: pd.DataFrame, unit: str, tr: Translator = ENGLISH) -> str:
    """A panel's title: its first line's finding, naming the panel's unit and its other lines."""
    lines = _lines(panel)
    finding = line_finding(lines[0], tr=tr)
    unit_words = tr._(unit)
    if unit_words not in finding:
        finding = tr._("{finding} (counted in {unit})", finding=finding, unit=unit_words)
    others = len(lines) - 1
    if others == 0:
        return finding
    return tr.ngettext(
        "{finding}; {n} more line in this panel",
        "{finding}; {n} more lines in this panel",
        others,
        finding=finding,
    )


def growth_finding(counts: pd.DataFrame, tr: Translator = ENGLISH) -> str:
    """The growth chart's title: how many of its figures grew, over which years."""
    lines = _lines(counts)
    if len(lines) == 1:
        return line_finding(lines[0], tr=tr)
    grew = sum(1 for s in lines if s["value"].iloc[-1] > s["value"].iloc[0])
    span = year_span(year_of(counts["as_of"].min()), year_of(counts["as_of"].max()))
    total = len(lines)
    if grew == total == 2:
        return tr._("Both figures grew, {years}", years=span)
    if grew == total:
        return tr.ngettext(
            "All {n} figures grew, {years}", "All {n} figures grew, {years}", total, years=span
        )
    if grew == 0:
        return tr.ngettext(
            "None of the {n} figures grew, {years}",
            "None of the {n} figures grew, {years}",
            total,
            years=span,
        )
    return tr.ngettext(
        "{grew} of the {n} figures grew, {years}",
        "{grew} of the {n} figures grew, {years}",
        total,
        grew=tr.number(grew),
        years=span,
    )
