"""`validate` refuses an event status history that does not read in time order.

The fixture's webinar e4 (5 December 2025) was announced in November 2025 and reported held on
8 December 2025; each case below rewrites that history or the event, and names the message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = "event_id,status,stated_on,quote,note,source_id"

BAD_HISTORIES = {
    "held before the event began": (
        ["e4,announced,2025-11,set,,src-fixture", "e4,held,2025-12-04,took place,,src-second"],
        ":3: stated_on: reports the event held on 2025-12-04, before it began on 2025-12-05",
    ),
    "held before it was announced": (
        ["e4,announced,2026,set,,src-fixture", "e4,held,2025-12,took place,,src-second"],
        ":3: stated_on: reports the event held on 2025-12-01, before it was announced on "
        "2026-01-01 (line 2)",
    ),
    "held twice": (
        ["e4,held,2025-12-08,took place,,src-fixture", "e4,held,2025-12-09,again,,src-second"],
        ":3: event_id,status: duplicate 'e4', 'held' (first at ",
    ),
    "a status that is not one": (
        ["e4,postponed,2025-11,moved,,src-fixture"],
        ":2: status: 'postponed' is not one of: announced, held",
    ),
    "a status without its quote": (
        ["e4,announced,2025-11,,,src-fixture"],
        ":2: quote: is required",
    ),
}


@pytest.mark.parametrize("case", BAD_HISTORIES)
def test_validate_refuses_a_status_history_out_of_order(data_dir: Path, run_cli, case):
    rows, message = BAD_HISTORIES[case]
    statuses = data_dir / "event_statuses.csv"
    statuses.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")

    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 1
    assert any(line.startswith(f"{statuses}{message}") for line in result.problem_lines), (
        result.problem_lines
    )


def test_validate_accepts_a_year_only_announcement_before_a_report_in_the_same_year(
    data_dir: Path, run_cli
):
    # "Announced in 2025" is not after "held, reported 8 December 2025": periods, not first days.
    statuses = data_dir / "event_statuses.csv"
    statuses.write_text(
        f"{HEADER}\ne4,announced,2025,set,,src-fixture\n"
        "e4,held,2025-12-08,took place,,src-second\n",
        encoding="utf-8",
    )

    assert run_cli("validate", "--data", data_dir).exit_code == 0


def test_validate_refuses_an_event_name_that_carries_its_status(data_dir: Path, run_cli):
    events = data_dir / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace(
            "Webinar on co-governance", "Webinar on co-governance (announced)"
        ),
        encoding="utf-8",
    )

    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 1
    assert any(
        line.startswith(f"{events}:5: name: says '(announced)': write the status in")
        for line in result.problem_lines
    ), result.problem_lines
