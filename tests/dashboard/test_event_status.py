"""An event's status history in words, from the fixture's webinar e4: announced in November
2025 (src-fixture), held on 5 December 2025 as reported on 8 December 2025 (src-second)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.event_status import status_sentence, with_status
from dashboard.queries.events import event_list
from dashboard.queries.overview import new_since

HISTORY = "Announced: November 2025 (month only). Held: 5 December 2025 (reported 8 December 2025)."


def test_the_event_list_says_when_an_event_was_announced_and_when_it_was_held(con, everything):
    events = with_status(event_list(con, everything), "started_on", "ended_on")
    status = dict(zip(events["name"], events["status"], strict=True))
    assert status["Webinar on co-governance"] == HISTORY
    # No history: its own source reports it held, and nothing more is said.
    assert status["1st Citiverse Assembly"] == ""
    assert "was_announced" not in events


def test_what_is_new_gives_an_event_its_history_and_other_records_none(con, everything):
    recent = with_status(
        new_since(con, everything, date(2025, 3, 1)),
        "date",
        "ended_on",
        drop=("ended_on", "ended_on_precision"),
    )
    status = dict(zip(recent["name"], recent["status"], strict=True))
    assert status["Webinar on co-governance"] == HISTORY
    assert set(recent.loc[recent["record"] != "Event", "status"]) <= {""}
    assert "ended_on" not in recent


def test_an_event_only_announced_says_it_is_not_yet_reported_held():
    row = pd.Series(
        {
            "started_on": pd.Timestamp("2026-07-07"),
            "started_on_precision": "day",
            "ended_on": pd.Timestamp("2026-07-10"),
            "ended_on_precision": "day",
            "was_announced": True,
            "announced_on": None,
            "announced_on_precision": None,
            "reported_held": None,
            "held_reported_on": None,
            "held_reported_on_precision": None,
        }
    )
    assert status_sentence(row, "started_on", "ended_on") == (
        "Announced on an undated page. Not yet reported held."
    )
