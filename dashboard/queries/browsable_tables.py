"""The tables `/explore` can browse: their columns, labels, searchable text and filters.

This file is the allow-list: the browse SQL (dashboard/queries/browse.py) takes every table,
column and expression from here and binds everything a person types.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.language import N_

# The metric codes of `counts`, as people say them.
METRIC_LABELS = {
    "un_agencies": N_("UN agencies"),
    "partners": N_("Partners"),
    "kpi_cities": N_("Cities using the KPIs"),
    "kpi_indicators": N_("KPIs"),
    "working_groups": N_("Working groups"),
    "task_groups": N_("Task groups"),
    "tracks": N_("Tracks"),
    "un_co_organisers": N_("UN co-organisers"),
    "experts": N_("Experts"),
    "participants": N_("Participants"),
    "deliverables": N_("Deliverables"),
}
# What the counts table's bound column says, in English in the SQL; shown translated.
LOWER_BOUND, EXACT = N_("lower bound (more than)"), N_("exact")
# Cell values that are the dashboard's words, not record text: /explore shows them translated.
TRANSLATED_VALUES = frozenset({*METRIC_LABELS.values(), LOWER_BOUND, EXACT})
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


_INITIATIVE = _text("initiative", N_("Initiative"), "i.short_name", filter=True)
_NOTE, _QUOTE = _text("note", N_("Note")), _text("quote", N_("Quote"))
_SOURCE = (
    _text("source", N_("Source"), "s.title"),
    Column("source_url", N_("Source link"), "s.url", "link"),
)
_JOIN_SOURCE = "LEFT JOIN sources s ON s.id = t.source_id"
_JOIN_INITIATIVE = "LEFT JOIN initiatives i ON i.id = t.initiative_id"
_JOIN_GROUP = "LEFT JOIN thematic_groups g ON g.id = t.thematic_group_id"

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "events",
        N_("Events"),
        f"fe t {_JOIN_INITIATIVE} LEFT JOIN places p ON p.id = t.place_id {_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _date("started_on", N_("Started")),
            _date("ended_on", N_("Ended")),
            _text("name", N_("Name")),
            _text("kind", N_("Kind"), "t.kind::VARCHAR", filter=True),
            _INITIATIVE,
            _text("city", N_("City"), "p.city", filter=True),
            _text("country", N_("Country"), "p.country"),
            Column("online", N_("Online"), "t.online", "number"),
            _text("host", N_("Host")),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        N_("Years (by start date), initiatives, themes."),
    ),
    TableSpec(
        "releases",
        N_("Releases"),
        f"fr t {_JOIN_INITIATIVE} {_JOIN_GROUP} LEFT JOIN working_groups w "
        f"ON w.id = t.working_group_id LEFT JOIN events e ON e.id = t.event_id {_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _date("released_on", N_("Released")),
            _text("title", N_("Title")),
            _text("kind", N_("Kind"), "t.kind::VARCHAR", filter=True),
            _INITIATIVE,
            _text("thematic_group", N_("Thematic group"), "g.short_name", filter=True),
            _text("working_group", N_("Working group"), "concat_ws(' ', w.code, w.name)"),
            _text("launched_at", N_("Launched at"), "e.name"),
            Column("item_count", N_("Items"), "t.item_count", "number"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "released_on",
        N_("Years (by release date), initiatives, themes."),
    ),
    TableSpec(
        "working-groups",
        N_("Working groups"),
        f"fw t {_JOIN_INITIATIVE} {_JOIN_GROUP} {_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _text("code", N_("Code")),
            _text("name", N_("Name")),
            _INITIATIVE,
            _text("thematic_group", N_("Thematic group"), "g.short_name", filter=True),
            _text("status", N_("Status"), "t.status::VARCHAR", filter=True),
            _text("lead", N_("Lead")),
            _date("started_on", N_("Started")),
            _date("ended_on", N_("Ended")),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        N_("Years (by start date; groups with no start date are kept), initiatives, themes."),
    ),
    TableSpec(
        "thematic-groups",
        N_("Thematic groups"),
        f"ftg t {_JOIN_INITIATIVE} {_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _text("short_name", N_("Short name")),
            _text("name", N_("Name")),
            _INITIATIVE,
            _text("status", N_("Status"), "t.status::VARCHAR", filter=True),
            _date("started_on", N_("Started")),
            _date("ended_on", N_("Ended")),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        N_(
            "Years (by start date; groups with no start date are kept), "
            "initiatives; themes are not tagged on this table."
        ),
    ),
    TableSpec(
        "initiatives",
        N_("Initiatives"),
        f"fi t LEFT JOIN initiatives pi ON pi.id = t.parent_id {_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _text("short_name", N_("Short name")),
            _text("name", N_("Name")),
            _text("kind", N_("Kind"), "t.kind::VARCHAR", filter=True),
            _date("started_on", N_("Started")),
            _date("ended_on", N_("Ended")),
            _text("founders", N_("Founders")),
            _text("parent", N_("Part of"), "pi.short_name"),
            _NOTE,
            _QUOTE,
            *_SOURCE,
        ),
        "started_on",
        N_(
            "Years (by the years each was active), "
            "initiatives; themes are not tagged on this table."
        ),
    ),
    TableSpec(
        "counts",
        N_("Counts"),
        f"fc t {_JOIN_INITIATIVE} {_JOIN_GROUP} {_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _date("as_of", N_("As of")),
            _INITIATIVE,
            _text("thematic_group", N_("Thematic group"), "g.short_name"),
            _text("metric", N_("What is counted"), _METRIC_SQL, filter=True),
            Column("value", N_("Value"), "t.value", "number"),
            _text(
                "bound",
                N_("Exact or lower bound"),
                f"CASE t.qualifier WHEN '>' THEN '{LOWER_BOUND}' ELSE '{EXACT}' END",
                filter=True,
            ),
            _text("label", N_("Label")),
            _QUOTE,
            *_SOURCE,
        ),
        "as_of",
        N_("Years (by date of the figure), initiatives; themes are not tagged on this table."),
    ),
    TableSpec(
        "partners",
        N_("Partners"),
        f"fp t LEFT JOIN organisations o ON o.id = t.organisation_id {_JOIN_INITIATIVE} "
        f"{_JOIN_SOURCE}",
        (
            _text("id", N_("ID")),
            _text("organisation", N_("Organisation"), "o.name"),
            _text("organisation_kind", N_("Kind of organisation"), "o.kind::VARCHAR", filter=True),
            _INITIATIVE,
            _text("role", N_("Role"), "t.role::VARCHAR", filter=True),
            _date("joined_on", N_("Joined")),
            _date("left_on", N_("Left")),
            _QUOTE,
            *_SOURCE,
        ),
        "joined_on",
        N_(
            "Years (by the years each was a member), "
            "initiatives; themes are not tagged on this table."
        ),
    ),
    TableSpec(
        "sources",
        N_("Sources"),
        "sources t",
        (
            _text("id", N_("ID")),
            _text("title", N_("Title")),
            _text("publisher", N_("Publisher"), filter=True),
            Column("url", N_("Link"), "t.url", "link"),
            _date("published_on", N_("Published")),
            _date("accessed_on", N_("Accessed")),
        ),
        "published_on",
        N_("None: sources are not dated by activity or tied to an initiative or theme."),
    ),
)
TABLE_BY_KEY = {spec.key: spec for spec in TABLES}
DEFAULT_TABLE = "events"
