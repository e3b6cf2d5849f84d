"""The overview's KPI cards as plain values: what each card says, its change and its source."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.formatting import count_label, date_label, year_span


@dataclass(frozen=True)
class KpiCard:
    label: str
    value: str
    delta: str | None
    caption: str


def _signed(change: int) -> str:
    return f"+{change}" if change >= 0 else str(change)


def headline_card(row: pd.Series) -> KpiCard:
    """A reported figure: '70+', the change since the previous report, its date and source."""
    if row["value"] is None or pd.isna(row["value"]):
        return KpiCard(row["title"], "—", None, "No figure reported in the selected years.")
    delta = None
    if pd.notna(row["previous_value"]):
        delta = (
            f"{_signed(int(row['value'] - row['previous_value']))} since "
            f"{count_label(row['previous_value'], row['previous_qualifier'])} "
            f"({date_label(row['previous_as_of'], row['previous_as_of_precision'])})"
        )
    # Two sources may report the same figure; the card names the first and counts the rest.
    sources = str(row["source_title"]).split("; ")
    more = f" (and {len(sources) - 1} more)" if len(sources) > 1 else ""
    caption = (
        f"As of {date_label(row['as_of'], row['as_of_precision'])}. Source: {sources[0]}{more}"
    )
    return KpiCard(row["title"], count_label(row["value"], row["qualifier"]), delta, caption)


def _change_since(now: int, before: int, totals: pd.Series) -> str | None:
    # A comparison with years before the data begins would only repeat the count.
    if totals["before_to"] < totals["data_from"]:
        return None
    span = year_span(int(totals["before_from"]), int(totals["before_to"]))
    return f"{_signed(int(now - before))} vs {span}"


def activity_cards(totals: pd.Series, year_from: int, year_to: int) -> list[KpiCard]:
    period = year_span(year_from, year_to)
    return [
        KpiCard(
            "Active working groups",
            str(int(totals["active_working_groups"])),
            f"+{int(totals['working_groups_started_last_year'])} started in {year_to}",
            "Working groups whose status is active, in the selected initiatives and themes.",
        ),
        KpiCard(
            f"Events, {period}",
            str(int(totals["events"])),
            _change_since(totals["events"], totals["events_before"], totals),
            "Events recorded in the selected period, against the period of equal length before it.",
        ),
        KpiCard(
            f"Releases, {period}",
            str(int(totals["releases"])),
            _change_since(totals["releases"], totals["releases_before"], totals),
            "Publications and deliverables recorded in the selected period, against the "
            "period of equal length before it.",
        ),
    ]
