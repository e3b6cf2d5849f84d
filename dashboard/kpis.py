"""The overview's KPI cards as plain values: what each card says, its change and its source."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.charts.common import metric_noun
from dashboard.formatting import (
    count_label,
    date_label,
    short_date,
    short_source,
    year_span,
)
from dashboard.language import ENGLISH, Translator


@dataclass(frozen=True)
class KpiCard:
    label: str
    value: str
    delta: str | None
    caption: str | None
    # The long form (full date, every source) a tooltip shows, so the caption can stay short.
    help: str | None = None
    # The figure's own history, oldest first: (date, value, is a lower bound) per report.
    history: tuple[tuple[pd.Timestamp, int, bool], ...] = ()
    # The initiative whose colour the figure's sparkline takes.
    colour_key: str | None = None


def _signed(change: int, tr: Translator) -> str:
    return f"+{tr.number(change)}" if change >= 0 else tr.number(change)


def _source_caption(
    as_of: object,
    precision: str,
    joined_titles: str,
    joined_short_titles: str | None,
    tr: Translator,
) -> tuple[str, str]:
    """'Nov 2025 · Digest 2025 +1' for the caption, and the full date and titles for help."""
    # Two sources may report the same figure; the caption names one and counts the rest.
    titles = str(joined_titles).split("; ")
    short = str(joined_short_titles or joined_titles).split("; ")[0]
    more = f" +{tr.number(len(titles) - 1)}" if len(titles) > 1 else ""
    caption = f"{short_date(as_of, precision, tr)} · {short_source(short)}{more}"
    full = tr.ngettext(
        "As of {date}. Source: {titles}.",
        "As of {date}. Sources: {titles}.",
        len(titles),
        date=date_label(as_of, precision, tr),
        titles="; ".join(titles),
    )
    return caption, full


def headline_card(row: pd.Series, tr: Translator = ENGLISH) -> KpiCard:
    """A reported figure: '70+', the change since the previous report, its date and source."""
    title = tr._(row["title"])  # the headline titles are marked in dashboard/queries/overview
    if row["value"] is None or pd.isna(row["value"]):
        return KpiCard(title, "—", None, tr._("No figure reported in the selected years."))
    delta = None
    if pd.notna(row["previous_value"]):
        delta = tr._(
            "{change} since {date}",
            change=_signed(int(row["value"] - row["previous_value"]), tr),
            date=short_date(row["previous_as_of"], row["previous_as_of_precision"], tr),
        )
    caption, full = _source_caption(
        row["as_of"],
        row["as_of_precision"],
        row["source_title"],
        row.get("source_short_title"),
        tr,
    )
    if delta:
        full += " " + tr._(
            "Previously {figure}, as of {date}.",
            figure=count_label(row["previous_value"], row["previous_qualifier"], tr),
            date=date_label(row["previous_as_of"], row["previous_as_of_precision"], tr),
        )
    history = tuple(
        (pd.Timestamp(d), int(v), q == ">")
        for d, v, q in zip(
            row["history_as_of"], row["history_values"], row["history_qualifiers"], strict=True
        )
    )
    return KpiCard(
        title,
        count_label(row["value"], row["qualifier"], tr),
        delta,
        caption,
        help=full,
        history=history,
        colour_key=row["initiative_id"],
    )


def fact_card(row: pd.Series, tr: Translator = ENGLISH) -> KpiCard:
    """A series reported once in the chosen years: one figure with its date and source."""
    caption, full = _source_caption(
        row["as_of"],
        row["as_of_precision"],
        row["source_title"],
        row.get("source_short_title"),
        tr,
    )
    return KpiCard(
        tr._(
            "{initiative} {counted}",
            initiative=row["initiative"],
            counted=metric_noun(row["metric"], tr),
        ),
        count_label(row["value"], row["qualifier"], tr),
        None,
        caption,
        help=f"{row['label']}. {full}" if row["label"] else full,
    )


def _change_since(now: int, before: int, totals: pd.Series, tr: Translator) -> str | None:
    # A comparison with years before the data begins would only repeat the count.
    if totals["before_to"] < totals["data_from"]:
        return None
    span = year_span(int(totals["before_from"]), int(totals["before_to"]))
    return tr._("{change} vs {years}", change=_signed(int(now - before), tr), years=span)


def activity_cards(
    totals: pd.Series, year_from: int, year_to: int, tr: Translator = ENGLISH
) -> list[KpiCard]:
    period = year_span(year_from, year_to)
    started = int(totals["working_groups_started_last_year"])
    return [
        KpiCard(
            tr._("Active working groups"),
            tr.number(int(totals["active_working_groups"])),
            # "+0" under a green up-arrow would read as growth: no start is a plain caption.
            tr._("+{count} started in {year}", count=tr.number(started), year=year_to)
            if started
            else None,
            None if started else tr._("None started in {year}", year=year_to),
            help=tr._(
                "Working groups whose status is active, in the selected initiatives and themes."
            ),
        ),
        KpiCard(
            tr._("Events, {years}", years=period),
            tr.number(int(totals["events"])),
            _change_since(totals["events"], totals["events_before"], totals, tr),
            None,
            help=tr._(
                "Events recorded in the selected period, against the period of equal length "
                "before it."
            ),
        ),
        KpiCard(
            tr._("Releases, {years}", years=period),
            tr.number(int(totals["releases"])),
            _change_since(totals["releases"], totals["releases_before"], totals, tr),
            None,
            help=tr._(
                "Publications and deliverables recorded in the selected period, against the "
                "period of equal length before it."
            ),
        ),
    ]
