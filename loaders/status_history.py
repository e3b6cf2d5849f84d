"""An event's status history (`event_statuses`) must read in time order: announced, then held.

A source can only report an event held once it has begun, and an announcement comes before the
report that it was held. Dates of either precision are compared as periods: "2025" is before
"14 May 2026"; "May 2026" is not before "11 May 2026". An undated status is not compared.
"""

from __future__ import annotations

from datetime import date

from loaders.checked_rows import CheckedRow, CheckedTable
from loaders.date_order import period_after
from loaders.problems import Problem

# The status now lives in its own table; a name saying it would go stale when the status changes.
STATUS_IN_NAME = "(announced)"


def check_status_history(tables: dict[str, CheckedTable]) -> list[Problem]:
    statuses, events = tables.get("event_statuses"), tables.get("events")
    if events is None:
        return []
    problems = [
        Problem(
            row.path,
            row.line,
            "name",
            f"says '{STATUS_IN_NAME}': write the status in event_statuses.csv instead, "
            "with its source, so the record can later be reported held",
        )
        for row in events.rows
        if STATUS_IN_NAME in (row.values["name"] or "").lower()
    ]
    if statuses is None:
        return problems
    event_by_id = {row.values["id"]: row.values for row in reversed(events.rows)}
    announced = {
        row.values["event_id"]: row
        for row in reversed(statuses.rows)
        if row.values["status"] == "announced"
    }
    for row in statuses.rows:
        if row.values["status"] != "held" or row.values["stated_on"] is None:
            continue
        event = event_by_id.get(row.values["event_id"])
        if event is not None and _wholly_before(row, event["started_on"]):
            problems.append(
                Problem(
                    row.path,
                    row.line,
                    "stated_on",
                    f"reports the event held on {row.values['stated_on']}, before it began on "
                    f"{event['started_on']}",
                )
            )
        earlier = announced.get(row.values["event_id"])
        if (
            earlier is not None
            and earlier.values["stated_on"] is not None
            and _wholly_before(row, earlier.values["stated_on"])
        ):
            problems.append(
                Problem(
                    row.path,
                    row.line,
                    "stated_on",
                    f"reports the event held on {row.values['stated_on']}, before it was "
                    f"announced on {earlier.values['stated_on']} (line {earlier.line})",
                )
            )
    return problems


def _wholly_before(row: CheckedRow, other: date) -> bool:
    """Whether the row's `stated_on` period ends before `other` begins."""
    return period_after(row.values["stated_on"], row.values["stated_on_precision"]) <= other
