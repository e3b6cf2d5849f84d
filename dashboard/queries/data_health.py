"""Data health, for the people who keep data/ up to date: what is vague, missing or stale.

Each query covers the whole database (the sidebar's filters do not apply), returns at most
`HEALTH_LIMIT` rows with `total` counting them all, and gives each record its `link` in the
browse view (`/explore?table=events&q=<id>`).
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import duckdb
import pandas as pd

from dashboard.queries.browsable_tables import TABLES

HEALTH_LIMIT = 1000

# Every browsable record table: its table, how a record is named, and its dated columns.
_RECORDS = {
    "events": ("events", "t.name"),
    "releases": ("releases", "t.title"),
    "working-groups": ("working_groups", "concat_ws(' ', t.code, t.name)"),
    "thematic-groups": ("thematic_groups", "t.name"),
    "initiatives": ("initiatives", "t.name"),
    "counts": ("counts", "coalesce(t.label, t.metric::VARCHAR)"),
    "partners": ("partners", "t.organisation_id || ' in ' || t.initiative_id"),
    "sources": ("sources", "t.title"),
}
# Every table whose rows cite a source (a test holds this list to the schema).
CITING_TABLES = (
    "themes", "initiatives", "initiative_names", "thematic_groups", "working_groups",
    "organisations", "partners", "agreements", "counts", "places", "events", "releases",
    "event_parts", "event_statuses", "event_themes", "release_themes", "working_group_themes",
)  # fmt: skip
# The records an initiative's freshness is read from: (browse table, table, date column).
_DATED_RECORDS = (
    ("events", "events", "started_on"),
    ("releases", "releases", "released_on"),
    ("counts", "counts", "as_of"),
    ("working-groups", "working_groups", "started_on"),
    ("thematic-groups", "thematic_groups", "started_on"),
    ("partners", "partners", "joined_on"),
)


def browse_link(table: str, record_id: str) -> str:
    """The record in the browse view: its table, searched for its id."""
    return "/explore?" + urlencode({"table": table, "q": record_id})


def _capped(
    con: duckdb.DuckDBPyConnection, sql: str, order_by: str, **params: object
) -> pd.DataFrame:
    frame = con.execute(
        f"WITH found AS ({sql}) SELECT *, (SELECT count(*) FROM found) AS total FROM found "
        f"ORDER BY {order_by} LIMIT $limit",
        {**params, "limit": HEALTH_LIMIT},
    ).df()
    frame["link"] = [browse_link(t, i) for t, i in zip(frame["table"], frame["id"], strict=True)]
    return frame


def partial_dates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Records with a date known only to the year or the month."""
    parts = [
        f"SELECT '{spec.key}' AS \"table\", t.id, {_RECORDS[spec.key][1]} AS record, "
        f"'{column.label}' AS date_column, {column.sql} AS date, "
        f"{column.precision_sql} AS precision FROM {_RECORDS[spec.key][0]} t "
        f"WHERE {column.precision_sql} IN ('year', 'month')"
        for spec in TABLES
        for column in spec.columns
        if column.kind == "date"
    ]
    return _capped(con, " UNION ALL ".join(parts), '"table", date DESC, id, date_column')


def lower_bound_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Figures a source gave as "more than N": never to be summed as exact."""
    return _capped(
        con,
        """SELECT 'counts' AS "table", c.id, i.short_name AS initiative,
                  c.metric::VARCHAR AS metric, c.value, c.as_of,
                  c.as_of_precision::VARCHAR AS as_of_precision, c.label
           FROM counts c JOIN initiatives i ON i.id = c.initiative_id
           WHERE c.qualifier = '>'""",
        "as_of DESC, id",
    )


def uncited_sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Sources no record cites."""
    cited = " UNION ".join(f"SELECT source_id FROM {table}" for table in CITING_TABLES)
    return _capped(
        con,
        f"""SELECT 'sources' AS "table", s.id, s.title, s.publisher, s.url FROM sources s
            WHERE s.id NOT IN ({cited})""",
        "id",
    )


def records_without_source_url(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Records whose source has no URL to check them against."""
    parts = [
        f"SELECT '{key}' AS \"table\", t.id, {name} AS record, s.id AS source_id "
        f"FROM {table} t JOIN sources s ON s.id = t.source_id "
        "WHERE s.url IS NULL OR trim(s.url) = ''"
        for key, (table, name) in _RECORDS.items()
        if key != "sources"
    ]
    return _capped(con, " UNION ALL ".join(parts), '"table", id')


def working_groups_missing_facts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Working groups with no status or no start date."""
    return _capped(
        con,
        """SELECT 'working-groups' AS "table", w.id, w.code, w.name, i.short_name AS initiative,
                  concat_ws(' and ', CASE WHEN w.status IS NULL THEN 'status' END,
                            CASE WHEN w.started_on IS NULL THEN 'start date' END) AS missing
           FROM working_groups w JOIN initiatives i ON i.id = w.initiative_id
           WHERE w.status IS NULL OR w.started_on IS NULL""",
        "initiative, code, id",
    )


def initiative_freshness(con: duckdb.DuckDBPyConnection, today: date) -> pd.DataFrame:
    """Each initiative's newest dated record and the days since its date, stalest first.

    A date known only to the year or month counts from the first day of that period.
    """
    # Each table's newest record per initiative first (a grouped scan), then the newest of
    # those: a window over every record would sort millions of rows.
    newest_per_table = " UNION ALL ".join(
        f"SELECT '{key}' AS \"table\", initiative_id, max({column}) AS date, "
        f"arg_max(id, ({column}, id)) AS id, "
        f"arg_max({column}_precision::VARCHAR, ({column}, id)) AS precision "
        f"FROM {table} WHERE {column} IS NOT NULL GROUP BY initiative_id"
        for key, table, column in _DATED_RECORDS
    )
    return _capped(
        con,
        f"""WITH dated AS (
                {newest_per_table}
                UNION ALL SELECT 'initiatives', id, started_on, id,
                                 started_on_precision::VARCHAR FROM initiatives
            ), newest AS (
                SELECT * FROM dated QUALIFY row_number() OVER (
                    PARTITION BY initiative_id ORDER BY date DESC, "table" = 'initiatives', id
                ) = 1
            )
            SELECT n."table", n.id, i.id AS initiative_id, i.short_name AS initiative,
                   n.date, n.precision, $today::DATE - n.date AS days_since
            FROM initiatives i JOIN newest n ON n.initiative_id = i.id""",
        "days_since DESC, initiative",
        today=today,
    )
