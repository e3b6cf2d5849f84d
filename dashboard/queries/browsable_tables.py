"""The tables `/explore` can browse: their columns, labels, searchable text and filters.

This file is the allow-list: the browse SQL (dashboard/queries/browse.py) takes every table,
column and expression from here and binds everything a person types.
"""

from __future__ import annotations

from dataclasses import dataclass

# The metric codes of `counts`, as people say them.
METRIC_LABELS = {
    "un_agencies": "UN agencies",
    "partners": "Partners",
    "kpi_cities": "Cities using the KPIs",
    "kpi_indicators": "KPIs",
    "working_groups": "Working groups",
    "task_groups": "Task groups",
    "tracks": "Tracks",
    "un_co_organisers": "UN co-organisers",
    "experts": "Experts",
    "participants": "Participants",
    "deliverables": "Deliverables",
}
_METRIC_SQL = (
    "CASE t.metric::VARCHAR "
    + " ".join(f"WHEN '{code}' THEN '{label}'" for code, label in METRIC_LABELS.items())
    + " ELSE t.metric::VARCHAR END"
)


@dataclass(frozen=True)
class Column:
    name: str  # the SQL alias, from this file only
    label: str  # the header people see, on screen and in downloads
    sql: str  # an expression over the table's FROM clause
    kind: str = "text"  # text (searched), date (shown with its precision), link, number
    filter: bool = False  # offered as a per-column filter

    @property
    def precision_sql(self) -> str:
        return f"{self.sql}_precision::VARCHAR"


@dataclass(frozen=True)
class TableSpec:
    key: str  # the `?table=` value
    label: str
    source: str  # FROM clause over the filter scope's CTEs (dashboard/queries/scope.py)
    columns: tuple[Column, ...]
    sort: str  # the column sorted by at first, newest first
    filters_apply: str  # how the sidebar's filters apply, said under the table

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.key} has no column {name!r}")


def _text(name: str, label: str, sql: str | None = None, *, filter: bool = False) -> Column:
    return Column(name, label, sql or f"t.{name}", "text", filter)


def _date(name: str, label: str) -> Column:
    return Column(name, label, f"t.{name}", "date")


_INITIATIVE = _text("initiative", "Initiative", "i.short_name", filter=True)
_NOTE, _QUOTE = _text("note", "Note"), _text("quote", "Quote")
_SOURCE = (
    _text("source", "Source", "s.title"),
    Column("source_url", "Source link", "s.url", "link"),
)
_JOIN_SOURCE = "LEFT JOIN sources s ON s.id = t.source_id"
_JOIN_INITIATIVE = "LEFT JOIN initiatives i ON i.id = t.initiative_id"
_JOIN_GROUP = "LEFT JOIN thematic_groups g ON g.id = t.thematic_group_id"
_DATED = "Years (by {}), initiatives{}."
_NO_THEMES = "; themes are not tagged on this table"

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "events",
        "Events",
        f"fe t {_JOIN_INITIATIVE} LEFT JOIN places p ON p.id = t.place_id {_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _date("started_on", "Started"),
            _date("ended_on", "Ended"),
            _text("name", "Name"),
            _text("kind", "Kind", "t.kind::VARCHAR", filter=True),
            _INITIATIVE,
            _text("city", "City", "p.city", filter=True),
            _text("country", "Country", "p.country"),
            Column("online", "Online", "t.online", "number"),
            _text("host", "Host"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        _DATED.format("start date", ", themes"),
    ),
    TableSpec(
        "releases",
        "Releases",
        f"fr t {_JOIN_INITIATIVE} {_JOIN_GROUP} LEFT JOIN working_groups w "
        f"ON w.id = t.working_group_id LEFT JOIN events e ON e.id = t.event_id {_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _date("released_on", "Released"),
            _text("title", "Title"),
            _text("kind", "Kind", "t.kind::VARCHAR", filter=True),
            _INITIATIVE,
            _text("thematic_group", "Thematic group", "g.short_name", filter=True),
            _text("working_group", "Working group", "concat_ws(' ', w.code, w.name)"),
            _text("launched_at", "Launched at", "e.name"),
            Column("item_count", "Items", "t.item_count", "number"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "released_on",
        _DATED.format("release date", ", themes"),
    ),
    TableSpec(
        "working-groups",
        "Working groups",
        f"fw t {_JOIN_INITIATIVE} {_JOIN_GROUP} {_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _text("code", "Code"),
            _text("name", "Name"),
            _INITIATIVE,
            _text("thematic_group", "Thematic group", "g.short_name", filter=True),
            _text("status", "Status", "t.status::VARCHAR", filter=True),
            _text("lead", "Lead"),
            _date("started_on", "Started"),
            _date("ended_on", "Ended"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        _DATED.format("start date; groups with no start date are kept", ", themes"),
    ),
    TableSpec(
        "thematic-groups",
        "Thematic groups",
        f"ftg t {_JOIN_INITIATIVE} {_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _text("short_name", "Short name"),
            _text("name", "Name"),
            _INITIATIVE,
            _text("status", "Status", "t.status::VARCHAR", filter=True),
            _date("started_on", "Started"),
            _date("ended_on", "Ended"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        _DATED.format("start date; groups with no start date are kept", _NO_THEMES),
    ),
    TableSpec(
        "initiatives",
        "Initiatives",
        f"fi t LEFT JOIN initiatives pi ON pi.id = t.parent_id {_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _text("short_name", "Short name"),
            _text("name", "Name"),
            _text("kind", "Kind", "t.kind::VARCHAR", filter=True),
            _date("started_on", "Started"),
            _date("ended_on", "Ended"),
            _text("founders", "Founders"),
            _text("parent", "Part of", "pi.short_name"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        _DATED.format("the years each was active", _NO_THEMES),
    ),
    TableSpec(
        "counts",
        "Counts",
        f"fc t {_JOIN_INITIATIVE} {_JOIN_GROUP} {_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _date("as_of", "As of"),
            _INITIATIVE,
            _text("thematic_group", "Thematic group", "g.short_name"),
            _text("metric", "What is counted", _METRIC_SQL, filter=True),
            Column("value", "Value", "t.value", "number"),
            _text(
                "bound",
                "Exact or lower bound",
                "CASE t.qualifier WHEN '>' THEN 'lower bound (more than)' ELSE 'exact' END",
                filter=True,
            ),
            _text("label", "Label"),
            _QUOTE,
            *_SOURCE,
        ),
        "as_of",
        _DATED.format("date of the figure", _NO_THEMES),
    ),
    TableSpec(
        "partners",
        "Partners",
        f"fp t LEFT JOIN organisations o ON o.id = t.organisation_id {_JOIN_INITIATIVE} "
        f"{_JOIN_SOURCE}",
        (
            _text("id", "ID"),
            _text("organisation", "Organisation", "o.name"),
            _text("organisation_kind", "Kind of organisation", "o.kind::VARCHAR", filter=True),
            _INITIATIVE,
            _text("role", "Role", "t.role::VARCHAR", filter=True),
            _date("joined_on", "Joined"),
            _date("left_on", "Left"),
            _QUOTE,
            *_SOURCE,
        ),
        "joined_on",
        _DATED.format("the years each was a member", _NO_THEMES),
    ),
    TableSpec(
        "sources",
        "Sources",
        "sources t",
        (
            _text("id", "ID"),
            _text("title", "Title"),
            _text("publisher", "Publisher", filter=True),
            Column("url", "Link", "t.url", "link"),
            _date("published_on", "Published"),
            _date("accessed_on", "Accessed"),
        ),
        "published_on",
        "None: sources are not dated by activity or tied to an initiative or theme.",
    ),
)
TABLE_BY_KEY = {spec.key: spec for spec in TABLES}
DEFAULT_TABLE = "events"
