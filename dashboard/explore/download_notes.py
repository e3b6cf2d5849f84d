"""What a download's "About" sheet says: the view's filters, its sources and the data's date."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.filters import FilterOptions, Filters
from dashboard.formatting import year_span
from dashboard.queries.browsable_tables import TableSpec

Notes = list[tuple[str, str]]


def built_label(build: pd.DataFrame) -> str:
    """When the database was built from data/: the as-of date of everything downloaded."""
    if build.empty:
        return "unknown (no build information in the database)"
    return pd.Timestamp(build.iloc[0]["built_at"]).strftime("%d %B %Y, %H:%M UTC")


def filter_notes(filters: Filters, options: FilterOptions) -> Notes:
    themes = [options.themes.get(t, t) for t in filters.themes]
    initiatives = [options.initiatives.get(i, i) for i in filters.initiatives]
    return [
        ("Years", year_span(filters.year_from, filters.year_to)),
        ("Themes", ", ".join(themes) or "All themes"),
        ("Initiatives", ", ".join(initiatives) or "All initiatives"),
    ]


def _row_count(shown: int, total: int) -> str:
    if total > shown:
        return f"{shown:,} of {total:,} (only the first {shown:,} are shown and downloaded)"
    return f"{shown:,}"


def _sources(shown: pd.DataFrame, title: str, link: str) -> Notes:
    if title not in shown or link not in shown:
        return []
    pairs = shown[[title, link]].dropna().drop_duplicates()
    return [("Source", f"{t} — {u}") for t, u in pairs.itertuples(index=False, name=None)]


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
) -> Notes:
    """The About sheet of a browsed table: what it is, how it was narrowed, what it cites."""
    chosen = "; ".join(
        f"{spec.column(name).label}: {', '.join(values)}"
        for name, values in column_filters.items()
        if values
    )
    order = "descending" if descending else "ascending"
    notes: Notes = [
        ("Table", spec.label),
        ("Rows", _row_count(len(shown), total)),
        *filter_notes(filters, options),
        ("How the filters apply", spec.filters_apply),
        ("Search", search or "none"),
        ("Column filters", chosen or "none"),
        ("Sorted by", f"{spec.column(sort).label}, {order}"),
        ("Data as of", f"built {built} from the reviewed files in data/"),
    ]
    if spec.key == "sources":
        return notes + _sources(shown, spec.column("title").label, spec.column("url").label)
    return notes + _sources(shown, "Source", "Source link")


def console_notes(
    sql: str,
    shown: pd.DataFrame,
    truncated: bool,
    built: str,
    *,
    limit: str = "",
    cells_cut: int = 0,
) -> Notes:
    """The About sheet of a SQL console result."""
    at = f" at the console's limit of {limit}" if limit else ""
    rows = f"{len(shown):,}" + (f" (truncated{at}: the query returned more)" if truncated else "")
    cut = (
        [("Cells cut", f"{cells_cut:,} cells hold only their first characters, then “…”")]
        if cells_cut
        else []
    )
    return [
        ("Query", sql),
        ("Rows", rows),
        *cut,
        ("Data as of", f"built {built} from the reviewed files in data/"),
        ("Sources", "Every record cites its source: the sources table lists them all."),
    ]
