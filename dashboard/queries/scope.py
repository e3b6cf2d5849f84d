"""The filter scope every query starts from, and the one way queries are run.

Every query binds the same named parameters through `SCOPE`, so the SQL is constant text and no
user input is ever formatted into it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters

# Binds the filters once. An initiative also selects its child initiatives (the citiverse
# selects its Challenge and Alliance). Records with no date are kept: they cannot be placed
# outside the chosen years.
SCOPE = """
WITH f AS (
    SELECT $year_from::INTEGER AS y0, $year_to::INTEGER AS y1,
           $themes::VARCHAR[] AS themes, $initiatives::VARCHAR[] AS inits
),
scope AS (
    SELECT i.id FROM initiatives i, f
    WHERE len(f.inits) = 0 OR list_contains(f.inits, i.id) OR list_contains(f.inits, i.parent_id)
),
fe AS (
    SELECT e.* FROM events e, f
    WHERE year(e.started_on) BETWEEN f.y0 AND f.y1
      AND e.initiative_id IN (SELECT id FROM scope)
      AND (len(f.themes) = 0 OR EXISTS (SELECT 1 FROM event_themes t
           WHERE t.event_id = e.id AND list_contains(f.themes, t.theme_id)))
),
fr AS (
    SELECT r.* FROM releases r, f
    WHERE year(r.released_on) BETWEEN f.y0 AND f.y1
      AND r.initiative_id IN (SELECT id FROM scope)
      AND (len(f.themes) = 0 OR EXISTS (SELECT 1 FROM release_themes t
           WHERE t.release_id = r.id AND list_contains(f.themes, t.theme_id)))
),
fw AS (
    SELECT w.* FROM working_groups w, f
    WHERE (w.started_on IS NULL OR year(w.started_on) BETWEEN f.y0 AND f.y1)
      AND w.initiative_id IN (SELECT id FROM scope)
      AND (len(f.themes) = 0 OR EXISTS (SELECT 1 FROM working_group_themes t
           WHERE t.working_group_id = w.id AND list_contains(f.themes, t.theme_id)))
),
fc AS (
    SELECT c.* FROM counts c, f
    WHERE year(c.as_of) BETWEEN f.y0 AND f.y1 AND c.initiative_id IN (SELECT id FROM scope)
)
"""


def run(
    con: duckdb.DuckDBPyConnection, sql: str, filters: Filters, **extra: object
) -> pd.DataFrame:
    return con.execute(SCOPE + sql, {**filters.as_params(), **extra}).df()
