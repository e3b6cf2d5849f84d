"""Today's date for the screens that compare it with the data, in one place tests can set."""

from __future__ import annotations

from datetime import date


def today() -> date:
    """The date the dashboard reads as today. Tests replace this one function, not `datetime`."""
    return date.today()
