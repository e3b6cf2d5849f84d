"""Reported figures over time: partners, UN agencies, KPI cities."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.scope import run


def counts_over_time(
    con: duckdb.DuckDBPyConnection, filters: Filters, metrics: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Every reported figure in scope, oldest first, with its source."""
    return run(
        con,
        """
        SELECT c.id, c.initiative_id, i.short_name AS initiative, c.metric::VARCHAR AS metric,
               c.label, c.value, c.qualifier::VARCHAR AS qualifier, c.as_of,
               c.as_of_precision::VARCHAR AS as_of_precision,
               s.title AS source_title, s.url AS source_url
        FROM fc c JOIN initiatives i ON i.id = c.initiative_id JOIN sources s ON s.id = c.source_id
        WHERE c.thematic_group_id IS NULL
          AND (len($metrics::VARCHAR[]) = 0
               OR list_contains($metrics::VARCHAR[], c.metric::VARCHAR))
        ORDER BY c.as_of, c.initiative_id, c.metric, c.id""",
        filters,
        metrics=list(metrics),
    )


def event_markers(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Programme events worth marking on a time chart: assemblies, launches and first meetings."""
    return run(
        con,
        """
        SELECT e.id, e.name, e.started_on AS date, e.started_on_precision::VARCHAR AS precision,
               e.initiative_id
        FROM fe e
        WHERE e.kind IN ('assembly', 'launch', 'observance') OR e.name LIKE '1st %'
        ORDER BY e.started_on, e.id""",
        filters,
    )
