"""The filter scope every query starts from, and the one way queries are run.

Every query binds the same named parameters through a scope prefix, so the SQL is constant text
and no user input is ever formatted into it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters

# Dates compare against constants (not `year(x)`), so DuckDB can skip row groups by their
# min/max. An initiative also selects its child initiatives (the citiverse selects its
# Challenge and Alliance). Working groups with no date are kept: they cannot be placed outside
# the chosen years.
_SCOPE = """
WITH f AS (
    SELECT $year_from::INTEGER AS y0, $year_to::INTEGER AS y1,
           $themes::VARCHAR[] AS themes, $initiatives::VARCHAR[] AS inits
),
scope AS (
    SELECT i.id FROM initiatives i, f
    WHERE len(f.inits) = 0 OR list_contains(f.inits, i.id) OR list_contains(f.inits, i.parent_id)
),
fe AS (
    SELECT e.* FROM events e
    WHERE e.started_on >= make_date($year_from::INTEGER, 1, 1)
      AND e.started_on < make_date($year_to::INTEGER + 1, 1, 1)
      AND e.initiative_id IN (SELECT id FROM scope)
      {event_themes}
),
fr AS (
    SELECT r.* FROM releases r
    WHERE r.released_on >= make_date($year_from::INTEGER, 1, 1)
      AND r.released_on < make_date($year_to::INTEGER + 1, 1, 1)
      AND r.initiative_id IN (SELECT id FROM scope)
      {release_themes}
),
fw AS (
    SELECT w.* FROM working_groups w
    WHERE (w.started_on IS NULL OR (w.started_on >= make_date($year_from::INTEGER, 1, 1)
           AND w.started_on < make_date($year_to::INTEGER + 1, 1, 1)))
      AND w.initiative_id IN (SELECT id FROM scope)
      {working_group_themes}
),
fc AS (
    SELECT c.* FROM counts c
    WHERE c.as_of >= make_date($year_from::INTEGER, 1, 1)
      AND c.as_of < make_date($year_to::INTEGER + 1, 1, 1)
      AND c.initiative_id IN (SELECT id FROM scope)
)
"""

# With no theme chosen the theme join is left out entirely: at a million events even a
# short-circuited semi-join costs a scan of the link table.
SCOPE_ANY_THEME = _SCOPE.format(event_themes="", release_themes="", working_group_themes="")
SCOPE_THEMED = _SCOPE.format(
    event_themes="AND e.id IN (SELECT event_id FROM event_themes "
    "WHERE list_contains($themes::VARCHAR[], theme_id))",
    release_themes="AND r.id IN (SELECT release_id FROM release_themes "
    "WHERE list_contains($themes::VARCHAR[], theme_id))",
    working_group_themes="AND w.id IN (SELECT working_group_id FROM working_group_themes "
    "WHERE list_contains($themes::VARCHAR[], theme_id))",
)


def run(
    con: duckdb.DuckDBPyConnection, sql: str, filters: Filters, **extra: object
) -> pd.DataFrame:
    scope = SCOPE_THEMED if filters.themes else SCOPE_ANY_THEME
    return con.execute(scope + sql, {**filters.as_params(), **extra}).df()
