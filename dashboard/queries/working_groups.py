"""Working groups: the hierarchy, launches per year, and the table."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.scope import run


def working_group_hierarchy(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """One row per working group with its initiative and thematic group (or none)."""
    return run(
        con,
        """
        SELECT w.id, w.code, w.name, w.status::VARCHAR AS status, w.initiative_id,
               i.short_name AS initiative,
               coalesce(t.short_name, '(no thematic group)') AS thematic_group
        FROM fw w JOIN initiatives i ON i.id = w.initiative_id
             LEFT JOIN thematic_groups t ON t.id = w.thematic_group_id
        ORDER BY i.started_on, thematic_group, w.code, w.name""",
        filters,
    )


def working_groups_launched_per_year(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> pd.DataFrame:
    return run(
        con,
        """
        SELECT year(w.started_on) AS year, coalesce(t.short_name, i.short_name) AS thematic_group,
               count(*) AS working_groups
        FROM fw w JOIN initiatives i ON i.id = w.initiative_id
             LEFT JOIN thematic_groups t ON t.id = w.thematic_group_id
        WHERE w.started_on IS NOT NULL
        GROUP BY ALL ORDER BY year, thematic_group""",
        filters,
    )


def working_group_table(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(
        con,
        """
        SELECT w.code, w.name, i.short_name AS initiative, t.name AS thematic_group,
               w.status::VARCHAR AS status, w.lead, w.started_on,
               w.started_on_precision::VARCHAR AS started_on_precision, w.ended_on,
               w.ended_on_precision::VARCHAR AS ended_on_precision,
               s.title AS source_title, s.url AS source_url
        FROM fw w JOIN initiatives i ON i.id = w.initiative_id
             LEFT JOIN thematic_groups t ON t.id = w.thematic_group_id
             JOIN sources s ON s.id = w.source_id
        ORDER BY w.started_on NULLS LAST, i.short_name, w.code""",
        filters,
    )
