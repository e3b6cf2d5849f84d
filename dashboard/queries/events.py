"""Events: the timeline, the map of cities, and the list."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.filters import Filters
from dashboard.queries.counts import LIST_LIMIT
from dashboard.queries.scope import run

# A Gantt chart stays legible up to a few hundred bars; beyond that it shows the latest.
TIMELINE_LIMIT = 300

# Each event's status history as one row: when a source announced it and when one reported it
# held (`event_statuses`). Joined as `h` on the event's id; an event with no history has NULLs.
STATUS_HISTORY = """
    , history AS (
        SELECT event_id,
               bool_or(status = 'announced') AS was_announced,
               any_value(stated_on) FILTER (WHERE status = 'announced') AS announced_on,
               any_value(stated_on_precision::VARCHAR) FILTER (WHERE status = 'announced')
                   AS announced_on_precision,
               bool_or(status = 'held') AS reported_held,
               any_value(stated_on) FILTER (WHERE status = 'held') AS held_reported_on,
               any_value(stated_on_precision::VARCHAR) FILTER (WHERE status = 'held')
                   AS held_reported_on_precision
        FROM event_statuses GROUP BY event_id)"""
STATUS_COLUMNS = """h.was_announced, h.announced_on, h.announced_on_precision,
               h.reported_held, h.held_reported_on, h.held_reported_on_precision"""


def event_timeline(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = TIMELINE_LIMIT
) -> pd.DataFrame:
    """The latest `limit` events, oldest first; `total` counts every event in scope."""
    return run(
        con,
        """
        , latest AS (SELECT * FROM fe ORDER BY started_on DESC, id LIMIT $limit)
        SELECT e.id, e.name, e.kind::VARCHAR AS kind, e.initiative_id,
               i.short_name AS initiative, e.started_on,
               e.started_on_precision::VARCHAR AS started_on_precision,
               coalesce(e.ended_on, e.started_on) AS ended_on,
               coalesce(p.city, CASE WHEN e.online THEN 'online' END) AS city,
               s.title AS source_title, s.url AS source_url,
               (SELECT count(*) FROM fe) AS total
        FROM latest e JOIN initiatives i ON i.id = e.initiative_id
             LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id
        ORDER BY e.started_on, e.id""",
        filters,
        limit=limit,
    )


def events_per_city(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    """Cities with their event counts; online and unplaced events are counted apart."""
    return run(
        con,
        """
        SELECT p.city, p.country, p.latitude, p.longitude, count(*) AS events,
               array_to_string(max_by(e.name, e.started_on, 3), '; ') AS event_names
        FROM fe e JOIN places p ON p.id = e.place_id
        GROUP BY ALL ORDER BY events DESC, p.city""",
        filters,
    )


def events_without_place(con: duckdb.DuckDBPyConnection, filters: Filters) -> pd.DataFrame:
    return run(
        con,
        """
        SELECT count(*) FILTER (WHERE online) AS online,
               count(*) FILTER (WHERE NOT online) AS place_not_stated
        FROM fe WHERE place_id IS NULL""",
        filters,
    )


def event_list(
    con: duckdb.DuckDBPyConnection, filters: Filters, limit: int = LIST_LIMIT
) -> pd.DataFrame:
    """Events newest first, at most `limit`; `total` counts every event in scope.

    With each event's status history (STATUS_COLUMNS), for `dashboard.event_status`.
    """
    return run(
        con,
        STATUS_HISTORY
        + f"""
        , latest AS (SELECT * FROM fe ORDER BY started_on DESC, name LIMIT $limit)
        SELECT e.started_on, e.started_on_precision::VARCHAR AS started_on_precision,
               e.ended_on, e.ended_on_precision::VARCHAR AS ended_on_precision, e.name,
               e.kind::VARCHAR AS kind, i.short_name AS initiative, p.city, p.country, e.online,
               e.host, s.title AS source_title, s.url AS source_url, {STATUS_COLUMNS},
               (SELECT count(*) FROM fe) AS total
        FROM latest e JOIN initiatives i ON i.id = e.initiative_id
             LEFT JOIN places p ON p.id = e.place_id JOIN sources s ON s.id = e.source_id
             LEFT JOIN history h ON h.event_id = e.id
        ORDER BY e.started_on DESC, e.name""",
        filters,
        limit=limit,
    )
