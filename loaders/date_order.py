"""Where a partial date sorts: never before the start of the thing it belongs to.

A date known only to its year or month is stored as one day, used for sorting and filtering.
That day is the first of the period, unless the record's parent started inside the period: the
Pillar 1 tracks "c. 2024" of the citiverse initiative (launched 14 June 2024), or a working group
first seen in 2024 of a thematic group that started on 28 February 2024. Then the parent's start
is stored, so the record never sorts or plots before the thing it belongs to existed. The day
stays inside the period, so the date reads the same with its precision ("2024 (year only)").

A date wholly before its parent's start (an event held before the initiative's launch) is a fact
and is left alone; so is a date known to the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from loaders.checked_rows import CheckedRow, CheckedTable
from loaders.table_specs import PRECISION_SUFFIX


@dataclass(frozen=True)
class StartsAfter:
    """A record's date cannot sort before the `date` of the row its `link` column names.

    `link` None means the record's own row: an end never sorts before its own start.
    """

    link: str | None
    table: str
    date: str


# table → date column → what it belongs to. Parents come before children in schema order,
# so each parent's date is already placed when its children are.
DATE_PARENTS: dict[str, dict[str, tuple[StartsAfter, ...]]] = {
    "initiatives": {
        "started_on": (StartsAfter("parent_id", "initiatives", "started_on"),),
        "ended_on": (StartsAfter(None, "initiatives", "started_on"),),
    },
    "initiative_names": {
        "named_on": (StartsAfter("initiative_id", "initiatives", "started_on"),),
    },
    "thematic_groups": {
        "started_on": (StartsAfter("initiative_id", "initiatives", "started_on"),),
        "ended_on": (StartsAfter(None, "thematic_groups", "started_on"),),
    },
    "working_groups": {
        "started_on": (
            StartsAfter("initiative_id", "initiatives", "started_on"),
            StartsAfter("thematic_group_id", "thematic_groups", "started_on"),
        ),
        "ended_on": (StartsAfter(None, "working_groups", "started_on"),),
    },
    "partners": {
        "joined_on": (StartsAfter("initiative_id", "initiatives", "started_on"),),
        "left_on": (StartsAfter(None, "partners", "joined_on"),),
    },
    "agreements": {
        "dated_on": (StartsAfter("initiative_id", "initiatives", "started_on"),),
    },
    "counts": {
        "as_of": (
            StartsAfter("initiative_id", "initiatives", "started_on"),
            StartsAfter("thematic_group_id", "thematic_groups", "started_on"),
        ),
    },
    "events": {
        "started_on": (StartsAfter("initiative_id", "initiatives", "started_on"),),
        "ended_on": (StartsAfter(None, "events", "started_on"),),
    },
    "releases": {
        "released_on": (
            StartsAfter("initiative_id", "initiatives", "started_on"),
            StartsAfter("thematic_group_id", "thematic_groups", "started_on"),
            StartsAfter("working_group_id", "working_groups", "started_on"),
            # A release launched at an event is not dated before that event.
            StartsAfter("event_id", "events", "started_on"),
        ),
    },
}


def period_after(value: date, precision: str | None) -> date:
    """The first day after the period `value` stands for (its day, month or year)."""
    if precision == "year":
        return date(value.year + 1, 1, 1)
    if precision == "month":
        return date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return value + timedelta(days=1)


def placed_date(value: date, precision: str | None, parent_starts: list[date]) -> date:
    """`value`, or the latest parent start that falls inside its period and after its first day."""
    end = period_after(value, precision)
    inside = [start for start in parent_starts if value < start < end]
    return max(inside, default=value)


def placed_dates(tables: dict[str, CheckedTable]) -> dict[str, CheckedTable]:
    """The tables with every partial date placed no earlier than its parent's start.

    Rows, their order and every other value are unchanged; a missing parent (an unknown id,
    reported by the relation checks) places nothing.
    """
    placed: dict[str, CheckedTable] = dict(tables)
    indexes: dict[str, dict[tuple, dict]] = {}
    for name, table in tables.items():
        rules = DATE_PARENTS.get(name)
        if not rules:
            continue
        key = table.spec.primary_key
        # The first row of a duplicated key is the parent, as in the relation checks.
        by_key = {tuple(row.values[c] for c in key): row for row in reversed(table.rows)}
        done: dict[int, dict] = {}

        def values_of(row: CheckedRow, visiting: frozenset[int] = frozenset()) -> dict:
            if id(row) in done:
                return done[id(row)]
            values = dict(row.values)
            for column, parents in rules.items():
                if values[column] is None:
                    continue
                starts = []
                for parent in parents:
                    if parent.link is None:
                        starts.append(values[parent.date])
                    elif parent.table == name:  # a parent in this table: place it first
                        parent_row = by_key.get((values[parent.link],))
                        if parent_row is not None and id(parent_row) not in visiting:
                            parent_values = values_of(parent_row, visiting | {id(row)})
                            starts.append(parent_values[parent.date])
                    else:
                        if parent.table not in indexes:
                            indexes[parent.table] = _index(placed.get(parent.table))
                        parent_values = indexes[parent.table].get((values[parent.link],))
                        starts.append(parent_values[parent.date] if parent_values else None)
                precision = values[column + PRECISION_SUFFIX]
                values[column] = placed_date(values[column], precision, [s for s in starts if s])
            done[id(row)] = values
            return values

        placed[name] = CheckedTable(
            table.spec, [CheckedRow(row.path, row.line, values_of(row)) for row in table.rows]
        )
    return placed


def _index(table: CheckedTable | None) -> dict[tuple, dict]:
    if table is None:
        return {}
    key = table.spec.primary_key
    return {tuple(row.values[c] for c in key): row.values for row in reversed(table.rows)}
