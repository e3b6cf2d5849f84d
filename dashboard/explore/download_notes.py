"""What a download's "About" sheet says: the view's filters, its sources and the data's date."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.filters import FilterOptions, Filters
from dashboard.formatting import year_span
from dashboard.language import ENGLISH, Translator
from dashboard.queries.browsable_tables import TableSpec

Notes = list[tuple[str, str]]


def built_label(build: pd.DataFrame, tr: Translator = ENGLISH) -> str:
    """When the database was built from data/: the as-of date of everything downloaded."""
    if build.empty:
        return tr._("unknown (no build information in the database)")
    built = pd.Timestamp(build.iloc[0]["built_at"])
    return tr._("{date}, {time} UTC", date=tr.full_date(built), time=built.strftime("%H:%M"))


def filter_notes(filters: Filters, options: FilterOptions, tr: Translator = ENGLISH) -> Notes:
    themes = [options.themes.get(t, t) for t in filters.themes]
    initiatives = [options.initiatives.get(i, i) for i in filters.initiatives]
    return [
        (tr._("Years"), year_span(filters.year_from, filters.year_to)),
        (tr._("Themes"), ", ".join(themes) or tr._("All themes")),
        (tr._("Initiatives"), ", ".join(initiatives) or tr._("All initiatives")),
    ]


def _row_count(shown: int, total: int, tr: Translator) -> str:
    if total > shown:
        return tr._(
            "{shown} of {total} (only the first {shown} are shown and downloaded)",
            shown=tr.number(shown),
            total=tr.number(total),
        )
    return tr.number(shown)


def _sources(shown: pd.DataFrame, title: str, link: str, tr: Translator) -> Notes:
    if title not in shown or link not in shown:
        return []
    pairs = shown[[title, link]].dropna().drop_duplicates()
    return [(tr._("Source"), f"{t} — {u}") for t, u in pairs.itertuples(index=False, name=None)]


def browse_notes(
    spec: TableSpec,
    shown: pd.DataFrame,
    total: int,
    *,
    filters: Filters,
    options: FilterOptions,
    search: str,
    column_filters: Mapping[str, tuple[str, ...]],
    sort: str,
    descending: bool,
    built: str,
    tr: Translator = ENGLISH,
) -> Notes:
    """The About sheet of a browsed table: what it is, how it was narrowed, what it cites.

    `shown` carries the headers as shown, in the run's language."""
    chosen = "; ".join(
        f"{tr._(spec.column(name).label)}: {', '.join(values)}"
        for name, values in column_filters.items()
        if values
    )
    label = tr._(spec.column(sort).label)
    notes: Notes = [
        (tr._("Table"), tr._(spec.label)),
        (tr._("Rows"), _row_count(len(shown), total, tr)),
        *filter_notes(filters, options, tr),
        (tr._("How the filters apply"), tr._(spec.filters_apply)),
        (tr._("Search"), search or tr._("none")),
        (tr._("Column filters"), chosen or tr._("none")),
        (
            tr._("Sorted by"),
            tr._("{column}, descending", column=label)
            if descending
            else tr._("{column}, ascending", column=label),
        ),
        (tr._("Data as of"), tr._("built {built} from the reviewed files in data/", built=built)),
    ]
    if spec.key == "sources":
        title, url = tr._(spec.column("title").label), tr._(spec.column("url").label)
        return notes + _sources(shown, title, url, tr)
    return notes + _sources(shown, tr._("Source"), tr._("Source link"), tr)


def console_notes(
    sql: str,
    shown: pd.DataFrame,
    truncated: bool,
    built: str,
    *,
    limit: str = "",
    cells_cut: int = 0,
    tr: Translator = ENGLISH,
) -> Notes:
    """The About sheet of a SQL console result."""
    rows = tr.number(len(shown))
    if truncated and limit:
        rows = tr._(
            "{rows} (truncated at the console's limit of {limit}: the query returned more)",
            rows=rows,
            limit=limit,
        )
    elif truncated:
        rows = tr._("{rows} (truncated: the query returned more)", rows=rows)
    cut = (
        [
            (
                tr._("Cells cut"),
                tr.ngettext(
                    "{n} cell holds only its first characters, then “…”",
                    "{n} cells hold only their first characters, then “…”",
                    cells_cut,
                ),
            )
        ]
        if cells_cut
        else []
    )
    return [
        (tr._("Query"), sql),
        (tr._("Rows"), rows),
        *cut,
        (tr._("Data as of"), tr._("built {built} from the reviewed files in data/", built=built)),
        (tr._("Sources"), tr._("Every record cites its source: the sources table lists them all.")),
    ]
