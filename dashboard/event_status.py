"""An event's status history in words: when a source announced it and when one reported it held.

The queries (`event_list`, `new_since`) return the history as columns (`STATUS_COLUMNS`); this
turns them into one `status` column of whole sentences, empty for an event with no history (one
its own source reports as held) and for records that are not events.
"""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import date_label
from dashboard.language import ENGLISH, N_, Translator

# Every sentence whole, with named placeholders, so each can be translated as one string.
# Keyed by (the announcement, the report that it was held): "dated", "undated" or None (no row).
STATUS_SENTENCES = {
    ("dated", "dated"): N_("Announced: {announced}. Held: {held} (reported {reported})."),
    ("dated", "undated"): N_("Announced: {announced}. Held: {held} (reported on an undated page)."),
    ("undated", "dated"): N_("Announced on an undated page. Held: {held} (reported {reported})."),
    ("undated", "undated"): N_(
        "Announced on an undated page. Held: {held} (reported on an undated page)."
    ),
    ("dated", None): N_("Announced: {announced}. Not yet reported held."),
    ("undated", None): N_("Announced on an undated page. Not yet reported held."),
    (None, "dated"): N_("Held: {held} (reported {reported})."),
    (None, "undated"): N_("Held: {held} (reported on an undated page)."),
}
EVENT_SPAN = N_("{start} to {end}")
HISTORY_COLUMNS = (
    "was_announced",
    "announced_on",
    "announced_on_precision",
    "reported_held",
    "held_reported_on",
    "held_reported_on_precision",
)


def status_sentence(row: pd.Series, start: str, end: str | None, tr: Translator = ENGLISH) -> str:
    """The row's status history, or '' when it has none.

    `start` and `end` name the row's date columns (each with its `<name>_precision` sibling,
    or `precision` for a column called `date`); `end` None when the row has no end column.
    """

    def stated(flag: str, on: str) -> str | None:
        if not (pd.notna(row[flag]) and row[flag]):
            return None
        return "dated" if pd.notna(row[on]) else "undated"

    key = (stated("was_announced", "announced_on"), stated("reported_held", "held_reported_on"))
    if key == (None, None):
        return ""
    held = date_label(row[start], row[_precision_of(start)], tr)
    if end is not None and pd.notna(row[end]):
        held = tr._(EVENT_SPAN, start=held, end=date_label(row[end], row[_precision_of(end)], tr))
    return tr._(
        STATUS_SENTENCES[key],
        announced=date_label(row["announced_on"], row["announced_on_precision"], tr),
        held=held,
        reported=date_label(row["held_reported_on"], row["held_reported_on_precision"], tr),
    )


def with_status(
    frame: pd.DataFrame,
    start: str,
    end: str | None = None,
    drop: tuple[str, ...] = (),
    tr: Translator = ENGLISH,
) -> pd.DataFrame:
    """`frame` with a `status` column in words in place of the history columns, and without
    the `drop` columns that only served the sentence (`new_since`'s end dates)."""
    status = [status_sentence(row, start, end, tr) for _, row in frame.iterrows()]
    return frame.drop(columns=[*HISTORY_COLUMNS, *drop]).assign(status=status)


def _precision_of(column: str) -> str:
    return "precision" if column == "date" else f"{column}_precision"
