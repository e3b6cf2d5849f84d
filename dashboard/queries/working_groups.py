"""Working groups: the hierarchy, launches per year, and the table."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.counts import LIST_LIMIT
from dashboard.queries.scope import run

# Up to this many working groups the hierarchy shows each one; beyond, only their counts.
HIERARCHY_LEAF_LIMIT = 300
# Thematic groups named in the per-year chart, and per initiative in the hierarchy once it
# counts groups rather than drawing each working group; the rest share one "Other".
TOP_THEMATIC_GROUPS = 9


def working_group_hierarchy(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Initiative → thematic group → working group, with `working_groups` per row.

    Each working group is a row of 1 while there are few enough to draw; past that, one row
    per thematic group carries the count and `working_group` is empty, and an initiative's
    thematic groups past its largest TOP_THEMATIC_GROUPS share one "Other thematic groups"
    row. `thematic_groups` is how many thematic groups a row stands for.
    """
    return run(
        con,
        """
        , many AS (SELECT count(*) > $leaf_limit AS yes FROM fw)
        , placed AS (
            SELECT w.initiative_id, i.short_name AS initiative, i.started_on AS launched,
                   coalesce(t.short_name, '(no thematic group)') AS thematic_group,
                   CASE WHEN NOT (SELECT yes FROM many)
                        THEN concat_ws(' ', w.code, w.name) END AS working_group,
                   count(*) AS working_groups,
                   CASE WHEN NOT (SELECT yes FROM many) THEN any_value(w.status::VARCHAR) END
                       AS status
            FROM fw w JOIN initiatives i ON i.id = w.initiative_id
                 LEFT JOIN thematic_groups t ON t.id = w.thematic_group_id
            GROUP BY w.initiative_id, i.short_name, i.started_on, thematic_group, working_group,
                     CASE WHEN NOT (SELECT yes FROM many) THEN w.id END
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY initiative_id
                                         ORDER BY working_groups DESC, thematic_group) AS r
            FROM placed
        )
        SELECT initiative_id, initiative, thematic_group, working_group, working_groups, status,
               1 AS thematic_groups, launched
        FROM ranked WHERE NOT (SELECT yes FROM many) OR r <= $top
        UNION ALL
        SELECT initiative_id, initiative, 'Other thematic groups', NULL,
               sum(working_groups)::BIGINT,
               NULL, count(*) FILTER (WHERE thematic_group <> '(no thematic group)'), launched
        FROM ranked WHERE (SELECT yes FROM many) AND r > $top
        GROUP BY initiative_id, initiative, launched
        ORDER BY launched, thematic_group = 'Other thematic groups', thematic_group,
                 working_group""",
        filters,
        leaf_limit=HIERARCHY_LEAF_LIMIT,
        top=TOP_THEMATIC_GROUPS,
    ).drop(columns="launched")


def working_groups_launched_per_year(
    con: duckdb.DuckDBPyConnection, filters: Filters
) -> pd.DataFrame:
    """Dated working groups per start year and thematic group (the largest groups named)."""
    return run(
        con,
        """
        , dated AS (
            SELECT year(w.started_on) AS year,
                   coalesce(t.short_name, i.short_name) AS thematic_group
            FROM fw w JOIN initiatives i ON i.id = w.initiative_id
                 LEFT JOIN thematic_groups t ON t.id = w.thematic_group_id
            WHERE w.started_on IS NOT NULL
        ),
        ranked AS (
            SELECT thematic_group, row_number() OVER (ORDER BY count(*) DESC, thematic_group) AS r
            FROM dated GROUP BY thematic_group
        )
        SELECT d.year, CASE WHEN r.r <= $top THEN d.thematic_group
                            ELSE 'Other thematic groups' END AS thematic_group,
               count(*) AS working_groups
        FROM dated d JOIN ranked r USING (thematic_group)
        GROUP BY ALL ORDER BY d.year, thematic_group""",
        filters,
        top=TOP_THEMATIC_GROUPS,
    )


def working_group_table(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT
) -> pd.DataFrame:
    """Working groups, newest first, at most `limit`; `total` counts every one in scope."""
    return run(
        con,
        """
        , latest AS (SELECT * FROM fw ORDER BY started_on DESC NULLS LAST, code LIMIT $limit)
        SELECT w.code, w.name, i.short_name AS initiative, t.name AS thematic_group,
               w.status::VARCHAR AS status, w.lead, w.started_on,
               w.started_on_precision::VARCHAR AS started_on_precision, w.ended_on,
               w.ended_on_precision::VARCHAR AS ended_on_precision,
               s.title AS source_title, s.url AS source_url, (SELECT count(*) FROM fw) AS total
        FROM latest w JOIN initiatives i ON i.id = w.initiative_id
             LEFT JOIN thematic_groups t ON t.id = w.thematic_group_id
             JOIN sources s ON s.id = w.source_id
        ORDER BY w.started_on DESC NULLS LAST, i.short_name, w.code""",
        filters,
        limit=limit,
    )
