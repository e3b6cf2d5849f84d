"""Releases (publications and deliverables): per year, per initiative, and the list."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.counts import LIST_LIMIT
from dashboard.queries.scope import run


def releases_per_year(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Release records per year and kind (a 'deliverable set' counts once; see item_count)."""
    return run(
        con,
        """
        SELECT year(released_on) AS year, kind::VARCHAR AS kind, count(*) AS releases
        FROM fr GROUP BY ALL ORDER BY year, kind""",
        filters,
    )


def releases_per_initiative(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(
        con,
        """
        SELECT r.initiative_id, i.short_name AS initiative, count(*) AS releases
        FROM fr r JOIN initiatives i ON i.id = r.initiative_id
        GROUP BY ALL ORDER BY releases DESC, initiative""",
        filters,
    )


def release_list(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT
) -> pd.DataFrame:
    """Releases newest first, at most `limit`; `total` counts every release in scope."""
    return run(
        con,
        """
        , latest AS (SELECT * FROM fr ORDER BY released_on DESC, title LIMIT $limit)
        SELECT r.released_on, r.released_on_precision::VARCHAR AS released_on_precision, r.title,
               r.kind::VARCHAR AS kind, i.short_name AS initiative, r.item_count,
               e.name AS launched_at, s.title AS source_title, s.url AS source_url,
               (SELECT count(*) FROM fr) AS total
        FROM latest r JOIN initiatives i ON i.id = r.initiative_id
             LEFT JOIN events e ON e.id = r.event_id JOIN sources s ON s.id = r.source_id
        ORDER BY r.released_on DESC, r.title""",
        filters,
        limit=limit,
    )
