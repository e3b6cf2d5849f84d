"""The currency line: shown when the newest source is over six months before today."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.currency import currency_line


@pytest.mark.parametrize(
    ("newest", "precision", "today", "line"),
    [
        (date(2025, 12, 1), "month", date(2026, 12, 7),
         "The newest source is from December 2025; figures may have changed since."),
        # December 2025 runs to its last day: on 15 June 2026 that is not six months ago.
        (date(2025, 12, 1), "month", date(2026, 6, 15), ""),
        (date(2026, 5, 14), "day", date(2026, 12, 7),
         "The newest source is from May 2026; figures may have changed since."),
        (date(2026, 11, 1), "month", date(2026, 12, 7), ""),
        (date(2025, 1, 1), "year", date(2026, 6, 30), ""),
        (date(2025, 1, 1), "year", date(2026, 7, 2),
         "The newest source is from 2025; figures may have changed since."),
        (None, None, date(2026, 12, 7), ""),
    ],
)  # fmt: skip
def test_the_line_appears_only_when_the_newest_source_is_over_six_months_old(
    newest, precision, today, line
):
    assert currency_line(newest, precision, today) == line
