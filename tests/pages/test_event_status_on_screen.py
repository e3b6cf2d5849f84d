"""The events list and the overview's What is new say when an event was announced and held."""

from __future__ import annotations

from datetime import date

HISTORY = "Announced: November 2025 (month only). Held: 5 December 2025 (reported 8 December 2025)."


def status_of(at, name: str) -> str:
    for table in at.dataframe:
        frame = table.value
        if "status" in frame and name in set(frame["name"]):
            return frame.loc[frame["name"] == name, "status"].iloc[0]
    raise AssertionError(f"no table lists {name!r} with a status")


def test_the_events_page_lists_when_an_event_was_announced_and_held(app):
    at = app("pages/events.py")
    assert status_of(at, "Webinar on co-governance") == HISTORY


def test_whats_new_on_the_overview_says_when_an_event_was_announced_and_held(app):
    at = app(None, view="What is new")
    at.date_input(key="new_since").set_value(date(2025, 1, 1)).run()
    assert status_of(at, "Webinar on co-governance") == HISTORY
