"""`python -m loaders validate`: every problem in every file, one line each, in one run."""

from __future__ import annotations

from pathlib import Path

import pytest


def break_the_data_in_several_files(data_dir: Path, append_rows) -> list[str]:
    """Add problems of many kinds to several files; return the lines validate must print.

    Each problem is in a row that nothing else refers to, so none hides or causes another.
    """
    bad_day, backwards = append_rows(
        data_dir / "events.csv",
        "e5,Bad date,meeting,2025-02-30,,,false,u4ssc,,,,src-fixture",
        "e6,Backwards,meeting,2025-03-01,2025-01-01,,false,u4ssc,,,,src-fixture",
    )
    first_release = (data_dir / "releases.csv").read_text().splitlines()[1].split(",")[0]
    orphan, twice, not_a_number, unsourced = append_rows(
        data_dir / "releases.csv",
        "r5,Orphan,report,2021,nope,,,,,,,src-fixture",
        f"{first_release},Twice,report,2021,u4ssc,,,,,,,src-fixture",
        "r6,Not a number,report,2021,u4ssc,,,,N/A,,,src-fixture",
        "r7,Unsourced,report,2021,u4ssc,,,,,,,src-nowhere",
    )
    [unknown_theme] = append_rows(data_dir / "event_themes.csv", "e3,no-such-theme,src-fixture")
    [no_source] = append_rows(data_dir / "partners.csv", "p4,itu,citiverse,partner,2024,,,")
    [slashes] = append_rows(
        data_dir / "working_groups.csv", "wg-5,u4ssc,,WG9,Slashes,,14/06/2024,,active,,,src-fixture"
    )
    places = data_dir / "places.csv"
    places.write_text(places.read_text().replace(",latitude,", ",lat,", 1))
    return [
        f"data/events.csv:{bad_day}: started_on: '2025-02-30' is not a valid date",
        f"data/events.csv:{backwards}: ended_on: 2025-01-01 is before started_on 2025-03-01",
        f"data/releases.csv:{orphan}: initiative_id: unknown initiative 'nope': "
        "no such id in initiatives",
        f"data/releases.csv:{twice}: id: duplicate '{first_release}' "
        "(first at data/releases.csv:2)",
        f"data/releases.csv:{not_a_number}: item_count: 'N/A' is not a whole number",
        f"data/releases.csv:{unsourced}: source_id: unknown source 'src-nowhere': "
        "no such id in sources",
        f"data/event_themes.csv:{unknown_theme}: theme_id: unknown theme 'no-such-theme': "
        "no such id in themes",
        f"data/partners.csv:{no_source}: source_id: is required",
        f"data/working_groups.csv:{slashes}: started_on: '14/06/2024' is not an ISO date: "
        "write YYYY, YYYY-MM or YYYY-MM-DD",
        "data/places.csv:1: missing column(s): latitude",
        "data/places.csv:1: unknown column(s): lat; "
        "expected id,city,country,latitude,longitude,source_id",
    ]


def test_validate_accepts_the_fixture_data_and_exits_0(data_dir, run_cli, fixture_row_counts):
    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 0, result.stderr
    tables, rows = len(fixture_row_counts), sum(fixture_row_counts.values())
    assert result.stdout == f"{data_dir}: {tables} files, {rows} rows, no problems\n"
    assert result.stderr == ""


def test_validate_reports_every_problem_in_every_file_in_one_run(
    data_dir, run_cli, append_rows, tmp_path, monkeypatch
):
    expected = break_the_data_in_several_files(data_dir, append_rows)
    # Paths are shown relative to the working directory, as in `data/events.csv:14: ...`.
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "--data", "data")

    assert result.exit_code == 1
    assert sorted(result.problem_lines) == sorted(expected)
    assert result.stderr.splitlines()[-1] == f"{len(expected)} problem(s); nothing was changed"
    assert result.stdout == ""


def test_validate_does_not_change_any_file(data_dir, run_cli, append_rows, snapshot):
    break_the_data_in_several_files(data_dir, append_rows)
    before = snapshot(data_dir)

    run_cli("validate", "--data", data_dir)

    assert snapshot(data_dir) == before


def test_validate_reports_a_missing_table_file(data_dir, run_cli, header_of, tmp_path, monkeypatch):
    (data_dir / "agreements.csv").unlink()
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "--data", "data")

    assert result.exit_code == 1
    assert result.problem_lines == [
        "data/agreements.csv: is missing (every table needs its file, even if only a header: "
        f"{','.join(header_of('agreements'))})"
    ]


def test_validate_reports_a_data_file_whose_columns_are_out_of_order(
    data_dir, run_cli, header_of, tmp_path, monkeypatch
):
    places = data_dir / "places.csv"
    places.write_text(places.read_text().replace("id,city,country,", "id,country,city,", 1))
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "--data", "data")

    assert result.exit_code == 1
    assert result.problem_lines == [
        f"data/places.csv:1: columns are out of order; expected {','.join(header_of('places'))}"
    ]


def test_validate_run_as_a_real_process_exits_0_on_the_fixture_data(data_dir, run_real_cli):
    result = run_real_cli("validate", "--data", data_dir)

    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("no problems\n")


def test_validate_run_as_a_real_process_exits_1_and_prints_each_problem_to_stderr(
    data_dir, run_real_cli, append_rows
):
    expected = break_the_data_in_several_files(data_dir, append_rows)

    result = run_real_cli("validate", "--data", data_dir)

    assert result.returncode == 1
    # Run from the repository root, the temporary data directory is shown in full.
    *problems, summary = result.stderr.splitlines()
    assert sorted(problems) == sorted(line.replace("data/", f"{data_dir}/") for line in expected)
    assert summary == f"{len(expected)} problem(s); nothing was changed"


@pytest.mark.parametrize(
    ("table", "row", "column"),
    [
        ("sources", "src-bad,Bad,,Pub,example.org/page,2024,", "url"),
        ("counts", "c9,u4ssc,,partners,-3,partners,=,2025,x,,src-fixture", "value"),
        ("counts", "c9,u4ssc,,partners,3,cities,=,2025,x,,src-fixture", "unit"),
        ("releases", "r5,Zero items,report,2021,u4ssc,,,,0,,,src-fixture", "item_count"),
        ("places", "nowhere,X,Y,91,0,src-fixture", "latitude"),
        ("themes", "Bad Theme,Bad,,src-fixture", "id"),
        ("initiatives", "loop,Loop,L,programme,2020,,,loop,,,src-fixture", "parent_id"),
    ],
    ids=[
        "url-not-http",
        "negative-count",
        "count-unit-not-its-metrics",
        "zero-item-count",
        "latitude-91",
        "id-not-lowercase-slug",
        "own-parent",
    ],
)
def test_validate_reports_a_value_that_breaks_a_check_constraint_of_the_schema(
    data_dir, run_cli, append_rows, tmp_path, monkeypatch, table, row, column
):
    [line] = append_rows(data_dir / f"{table}.csv", row)
    monkeypatch.chdir(tmp_path)

    result = run_cli("validate", "--data", "data")

    assert result.exit_code == 1
    expected = f"data/{table}.csv:{line}: {column}: "
    assert any(p.startswith(expected) for p in result.problem_lines), result.stderr
