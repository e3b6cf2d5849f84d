"""How dates with a precision and lower-bound figures are written for people."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard.language import ENGLISH, Translator


def date_label(
    value: date | datetime | pd.Timestamp | None, precision: str | None, tr: Translator = ENGLISH
) -> str:
    """'14 June 2024', 'June 2020 (month only)' or '2017 (year only)'; never a made-up day."""
    if value is None or pd.isna(value):
        return tr._("date not stated")
    if precision == "year":
        return tr._("{year} (year only)", year=value.year)
    if precision == "month":
        return tr._("{month_and_year} (month only)", month_and_year=tr.month_year(value))
    return tr.full_date(value)


def count_label(value: int | None, qualifier: str | None, tr: Translator = ENGLISH) -> str:
    """'70+' for "more than 70": a lower bound is never shown as an exact figure."""
    if value is None or pd.isna(value):
        return "—"
    number = tr.number(int(value))
    # Translators: a lower bound on a figure, "more than 17000", written short as on a tile.
    return tr.pgettext("lower bound", "{number}+", number=number) if qualifier == ">" else number


def count_phrase(value: int, qualifier: str, tr: Translator = ENGLISH) -> str:
    number = tr.number(int(value))
    return tr._("more than {number}", number=number) if qualifier == ">" else number


def sentence_case(noun: str) -> str:
    """'UN agencies' stays 'UN agencies' (str.capitalize would write 'Un agencies')."""
    return noun[:1].upper() + noun[1:]


def year_span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def readable_table(
    frame: pd.DataFrame, dates: dict[str, str], tr: Translator = ENGLISH
) -> pd.DataFrame:
    """A query's rows for a table: each date written with its precision, precisions dropped."""
    out = frame.copy()
    for column, precision in dates.items():
        out[column] = [
            date_label(v, p, tr) if pd.notna(v) else ""
            for v, p in zip(frame[column], frame[precision], strict=True)
        ]
    return out.drop(columns=list(dates.values()))


def short_date(
    value: date | datetime | pd.Timestamp | None, precision: str | None, tr: Translator = ENGLISH
) -> str:
    """'Nov 2025', '2025' or '12 Jun 2025' for captions: the precision shows in the form itself."""
    if value is None or pd.isna(value):
        return tr._("date not stated")
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return tr.short_month_year(value)
    return tr.short_date(value)


def short_source(title: str) -> str:
    """A source title for a caption, on one line and whole: a caption wraps rather than cut a
    title short. Brevity comes from the source's own `short_title`, which callers pass here."""
    return " ".join(str(title).split())
