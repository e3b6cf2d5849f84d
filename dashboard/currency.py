"""Whether the data may be out of date: the plain line the overview and the deck show.

The line appears when the newest source (the build's latest `published_on`) is more than six
months before today, and goes away once newer records are imported.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.language import ENGLISH, N_, Translator

STALE_AFTER_MONTHS = 6
CURRENCY_SENTENCE = N_("The newest source is from {month_year}; figures may have changed since.")
CURRENCY_SENTENCE_YEAR_ONLY = N_(
    "The newest source is from {year}; figures may have changed since."
)


def currency_line(
    newest: date | pd.Timestamp | None,
    precision: str | None,
    today: date,
    tr: Translator = ENGLISH,
) -> str:
    """The sentence saying how old the newest source is, or '' while it is recent enough.

    A source dated only to a month or a year counts from the end of that period: "December
    2025" is not more than six months old on 15 June 2026. No dated source: nothing to say.
    """
    if newest is None or pd.isna(newest):
        return ""
    newest = pd.Timestamp(newest)
    period = {"year": pd.DateOffset(years=1), "month": pd.DateOffset(months=1)}
    period_end = newest + period.get(precision or "day", pd.DateOffset(days=1))
    if period_end > pd.Timestamp(today) - pd.DateOffset(months=STALE_AFTER_MONTHS):
        return ""
    if precision == "year":
        return tr._(CURRENCY_SENTENCE_YEAR_ONLY, year=newest.year)
    return tr._(CURRENCY_SENTENCE, month_year=tr.month_year(newest))


def build_currency_line(build: pd.DataFrame, today: date, tr: Translator = ENGLISH) -> str:
    """`currency_line` for the newest source that `queries.overview.build_info` names."""
    if build.empty:
        return ""
    row = build.iloc[0]
    return currency_line(row["latest_source_date"], row["latest_source_precision"], today, tr)
