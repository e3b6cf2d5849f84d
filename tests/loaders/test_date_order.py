"""Year- and month-only dates sort no earlier than the start of what they belong to, and an
initiative may end in the year it started (`loaders/date_order.py`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from loaders import build
from loaders.date_order import period_after, placed_date


def stored(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize(
    ("value", "precision", "after"),
    [
        (date(2024, 1, 1), "year", date(2025, 1, 1)),
        (date(2024, 12, 1), "month", date(2025, 1, 1)),
        (date(2024, 2, 1), "month", date(2024, 3, 1)),
        (date(2024, 2, 28), "day", date(2024, 2, 29)),
    ],
)
def test_a_period_ends_the_day_before_the_next_period_starts(value, precision, after):
    assert period_after(value, precision) == after


@pytest.mark.parametrize(
    ("value", "precision", "parent_starts", "placed"),
    [
        # "c. 2024" tracks of an initiative launched on 14 June 2024: on the launch day.
        (date(2024, 1, 1), "year", [date(2024, 6, 14)], date(2024, 6, 14)),
        # Month known, parent started mid-month.
        (date(2024, 6, 1), "month", [date(2024, 6, 14)], date(2024, 6, 14)),
        # The latest parent start inside the period wins (initiative, then its thematic group).
        (date(2024, 1, 1), "year", [date(2024, 2, 28), date(2024, 6, 14)], date(2024, 6, 14)),
        # A parent that started in an earlier period moves nothing.
        (date(2025, 1, 1), "year", [date(2024, 6, 14)], date(2025, 1, 1)),
        # A date wholly before its parent's start is a fact (an event held before a launch).
        (date(2024, 5, 28), "day", [date(2024, 6, 14)], date(2024, 5, 28)),
        (date(2023, 1, 1), "year", [date(2024, 6, 14)], date(2023, 1, 1)),
        # A day is its own period.
        (date(2024, 6, 14), "day", [date(2024, 6, 14)], date(2024, 6, 14)),
    ],
)
def test_a_partial_date_is_placed_at_the_latest_parent_start_inside_its_period(
    value, precision, parent_starts, placed
):
    assert placed_date(value, precision, parent_starts) == placed


def test_a_year_only_count_sorts_after_the_launch_of_its_initiative(data_dir, db_path, append_rows):
    append_rows(
        data_dir / "counts.csv",
        "c-tracks,citiverse,,tracks,6,groups,=,2024,tracks c. 2024,,src-fixture",
    )
    build(data_dir, db_path)

    assert stored(
        db_path, "SELECT as_of, as_of_precision::VARCHAR FROM counts WHERE id = 'c-tracks'"
    ) == [(date(2024, 6, 14), "year")]


def test_a_working_group_first_seen_in_a_year_sorts_after_its_thematic_groups_start(
    data_dir, db_path, append_rows
):
    append_rows(
        data_dir / "thematic_groups.csv",
        "tg-pc,u4ssc,People-Centred Cities,People-Centred,2024-02-28,,active,,,src-fixture",
    )
    append_rows(
        data_dir / "working_groups.csv",
        "wg-pc,u4ssc,tg-pc,,Setting the context,,2024,,,,,src-fixture",
        "wg-pc-later,u4ssc,tg-pc,WG6,Digital Development Goals,,2025,,active,,,src-fixture",
    )
    build(data_dir, db_path)

    assert stored(
        db_path,
        "SELECT id, started_on, started_on_precision::VARCHAR FROM working_groups "
        "WHERE thematic_group_id = 'tg-pc' ORDER BY started_on, id",
    ) == [("wg-pc", date(2024, 2, 28), "year"), ("wg-pc-later", date(2025, 1, 1), "year")]


def test_a_year_only_release_launched_at_an_event_sorts_on_the_events_day(
    data_dir, db_path, append_rows
):
    append_rows(
        data_dir / "releases.csv",
        "r-dpi,Building DPI,framework,2025,u4ssc,tg-dpi,,e3,,,,src-fixture",
    )
    build(data_dir, db_path)

    assert stored(db_path, "SELECT released_on FROM releases WHERE id = 'r-dpi'") == [
        (date(2025, 11, 3),)
    ]


def test_a_childs_year_only_start_sorts_after_its_parent_initiative_placed_first(
    data_dir, db_path, append_rows
):
    # The child's row comes first in the file: its parent is placed before it all the same.
    text = (data_dir / "initiatives.csv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    child = "child,A challenge,Challenge,challenge,2024,,,citiverse,,,src-fixture"
    (data_dir / "initiatives.csv").write_text(
        "\n".join([header, child, *rows]) + "\n", encoding="utf-8"
    )
    build(data_dir, db_path)

    assert stored(db_path, "SELECT started_on FROM initiatives WHERE id = 'child'") == [
        (date(2024, 6, 14),)
    ]


def test_an_initiative_may_end_in_the_year_it_started_and_is_stored_as_ended(
    data_dir, db_path, append_rows, run_cli
):
    # The 1st UN Citiverse Challenge: launched on 13 February 2025, "concluded" in 2025.
    append_rows(
        data_dir / "initiatives.csv",
        "challenge,1st Challenge,Challenge,challenge,2025-02-13,2025,,citiverse,,,src-fixture",
    )
    result = run_cli("build", "--data", data_dir, "--db", db_path)

    assert result.exit_code == 0, result.stderr
    assert stored(
        db_path,
        "SELECT ended_on, ended_on_precision::VARCHAR FROM initiatives "
        "WHERE ended_on IS NOT NULL AND id = 'challenge'",
    ) == [(date(2025, 2, 13), "year")]


def test_an_initiative_that_ends_in_a_year_before_it_started_is_refused(
    data_dir, append_rows, run_cli
):
    [line] = append_rows(
        data_dir / "initiatives.csv",
        "challenge,1st Challenge,Challenge,challenge,2025-02-13,2024,,citiverse,,,src-fixture",
    )
    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 1
    assert f"initiatives.csv:{line}: ended_on: 2024-01-01 is before started_on 2025-02-13" in (
        result.stderr
    )


def test_an_end_in_the_same_month_as_a_day_start_is_not_before_it(data_dir, append_rows, run_cli):
    append_rows(
        data_dir / "events.csv",
        "e-month,A week,meeting,2025-03-10,2025-03,,false,u4ssc,,,,src-fixture",
    )
    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 0, result.stderr
