"""Browsing a table in DuckDB: the sidebar's filters, a text search, per-column filters, a sort
and a row limit, all bound as parameters; then the rows written for people.

Table, column and sort names come only from the allow-list in browsable_tables.py; everything
a person types or picks is a bound value.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.formatting import readable_table
from dashboard.language import ENGLISH, Translator
from dashboard.queries.browsable_tables import TABLE_BY_KEY, TableSpec
from dashboard.queries.scope import run

BROWSE_LIMIT = 10_000

# The scope (dashboard/queries/scope.py) for the tables it does not cover. Groups with no start
# date are kept, as `fw` keeps working groups; initiatives and partners are kept when active in
# any of the years chosen.
_MORE_SCOPE = """
, ftg AS (
    SELECT g.* FROM thematic_groups g
    WHERE (g.started_on IS NULL OR (g.started_on >= make_date($year_from::INTEGER, 1, 1)
           AND g.started_on < make_date($year_to::INTEGER + 1, 1, 1)))
      AND g.initiative_id IN (SELECT id FROM scope)
),
fi AS (
    SELECT i.* FROM initiatives i
    WHERE i.id IN (SELECT id FROM scope)
      AND i.started_on < make_date($year_to::INTEGER + 1, 1, 1)
      AND (i.ended_on IS NULL OR i.ended_on >= make_date($year_from::INTEGER, 1, 1))
),
fp AS (
    SELECT p.* FROM partners p
    WHERE p.initiative_id IN (SELECT id FROM scope)
      AND (p.joined_on IS NULL OR p.joined_on < make_date($year_to::INTEGER + 1, 1, 1))
      AND (p.left_on IS NULL OR p.left_on >= make_date($year_from::INTEGER, 1, 1))
)
"""


def table_spec(key: str) -> TableSpec:
    try:
        return TABLE_BY_KEY[key]
    except KeyError:
        raise ValueError(f"{key!r} is not a table that can be browsed") from None


def _shown(spec: TableSpec) -> str:
    """The CTE `shown`: the table's columns under their aliases, dates with their precision."""
    parts = []
    for column in spec.columns:
        parts.append(f"{column.sql} AS {column.name}")
        if column.kind == "date":
            parts.append(f"{column.precision_sql} AS {column.name}_precision")
    return f", shown AS (SELECT {', '.join(parts)} FROM {spec.source})"


def _filter_param(name: str) -> str:
    return f"filter_{name}"


def browse_rows(
    con: duckdb.DuckDBPyConnection,
    key: str,
    filters: Filters,
    search: str = "",
    column_filters: tuple[tuple[str, tuple[str, ...]], ...] = (),
    sort: str | None = None,
    descending: bool = True,
    limit: int = BROWSE_LIMIT,
) -> pd.DataFrame:
    """The table's rows within the filters, newest first; `total` counts them before `limit`."""
    spec = table_spec(key)
    chosen = dict(column_filters)
    offered = [c for c in spec.columns if c.filter]
    unknown = set(chosen) - {c.name for c in offered}
    if unknown:
        raise ValueError(f"{key} cannot be filtered by {sorted(unknown)}")
    order = spec.column(sort or spec.sort).name
    conditions = [
        # chr(31) between the columns: a search never matches across two of them
        "($search = '' OR contains(lower(concat_ws(chr(31), "
        + ", ".join(c.name for c in spec.columns if c.kind == "text")
        + ")), lower($search)))",
        *(
            f"(len(${_filter_param(c.name)}::VARCHAR[]) = 0 "
            f"OR list_contains(${_filter_param(c.name)}::VARCHAR[], {c.name}::VARCHAR))"
            for c in offered
        ),
    ]
    sql = f"""{_MORE_SCOPE}{_shown(spec)},
        matched AS (SELECT * FROM shown WHERE {" AND ".join(conditions)})
        SELECT *, (SELECT count(*) FROM matched) AS total FROM matched
        ORDER BY {order} {"DESC" if descending else "ASC"} NULLS LAST, id
        LIMIT $limit"""
    return run(
        con,
        sql,
        filters,
        search=search.strip(),
        limit=limit,
        **{_filter_param(c.name): list(chosen.get(c.name, ())) for c in offered},
    )


def filter_choices(con: duckdb.DuckDBPyConnection, key: str) -> dict[str, list[str]]:
    """Every value each per-column filter can take, across the whole table."""
    spec = table_spec(key)
    offered = [c for c in spec.columns if c.filter]
    if not offered:
        return {}
    lists = ", ".join(
        f"list(DISTINCT {c.name}::VARCHAR ORDER BY {c.name}::VARCHAR) "
        f"FILTER (WHERE {c.name} IS NOT NULL) AS {c.name}"
        for c in offered
    )
    every_year = Filters(1, 9998)
    row = run(con, f"{_MORE_SCOPE}{_shown(spec)} SELECT {lists} FROM shown", every_year).iloc[0]
    # A column with no value at all aggregates to NULL (None or NA), not to an empty list.
    return {
        c.name: [str(v) for v in row[c.name]] if hasattr(row[c.name], "__len__") else []
        for c in offered
    }


def readable_rows(key: str, rows: pd.DataFrame, tr: Translator = ENGLISH) -> pd.DataFrame:
    """Rows as shown and downloaded: dates with their precision, headers as (English) labels."""
    spec = table_spec(key)
    dates = {c.name: f"{c.name}_precision" for c in spec.columns if c.kind == "date"}
    shown = readable_table(rows.drop(columns=["total"], errors="ignore"), dates, tr)
    return shown.rename(columns={c.name: c.label for c in spec.columns})


def link_columns(key: str) -> list[str]:
    """The labels of the columns holding URLs, to be drawn as links."""
    return [c.label for c in table_spec(key).columns if c.kind == "link"]
