"""The overview's "What is new" view: counts agree with their nouns, headers are words, and
the chosen day reads like every other date on the page."""

from __future__ import annotations

import json
from datetime import date

from dashboard.ui.page_blocks import NEW_RECORDS


def test_a_count_of_one_takes_the_singular_and_a_long_list_says_what_it_shows():
    assert NEW_RECORDS.sentence(1, 1) == "1 new record"
    assert NEW_RECORDS.sentence(6, 6) == "6 new records"
    assert NEW_RECORDS.sentence(1000, 1500).startswith("Showing the latest 1,000 of 1,500 new")


def test_what_is_new_says_one_new_record_under_word_headers_since_a_day_in_words(app):
    at = app(None, view="What is new")
    picker = at.date_input[0]
    # day, month, year, the order of "1 December 2025"
    assert picker.proto.format == "DD/MM/YYYY"
    picker.set_value(date(2025, 12, 1)).run()
    assert "New since 1 December 2025" in [s.value for s in at.subheader]
    assert "1 new record" in [t.value for t in at.text]
    table = at.dataframe[0]
    labels = json.loads(table.proto.columns)
    shown = [labels.get(c, {}).get("label", c) for c in table.proto.column_order]
    assert shown == [
        "Date",
        "Kind of record",
        "Name",
        "Initiative",
        "Status",
        "Source",
        "Source link",
    ]


def test_several_new_records_take_the_plural(app):
    at = app(None, view="What is new")
    at.date_input[0].set_value(date(2025, 1, 1)).run()
    assert "6 new records" in [t.value for t in at.text]
