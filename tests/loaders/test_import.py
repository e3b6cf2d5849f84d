"""`python -m loaders import`: a valid CSV or XLSX file is appended to its table's CSV file and
to the database; anything wrong changes nothing (the bad files themselves: test_bad_input.py)."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from pathlib import Path

import duckdb

from loaders.problems import DataError, Problem

importer_module = importlib.import_module("loaders.importer")

NEW_EVENT_ROWS = (
    "e5,2nd U4SSC meeting,meeting,2017-03,,geneva,false,u4ssc,ITU,,,src-fixture\n"
    "e6,Citiverse webinar,webinar,2026,,,true,citiverse,,,,src-second\n"
)


def query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def write_upload(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def without(snapshot: dict[str, str], *names: str) -> dict[str, str]:
    return {name: digest for name, digest in snapshot.items() if name not in names}


def test_import_of_a_valid_csv_appends_exactly_its_rows_to_the_csv_and_the_database(
    data_dir, built_db, run_cli, snapshot, header_of, tmp_path, fixture_row_counts
):
    events = data_dir / "events.csv"
    events_before = events.read_bytes()
    database_before = built_db.read_bytes()
    others_before = without(snapshot(data_dir), "events.csv", "programme.duckdb")
    upload = write_upload(
        tmp_path, "new-events.csv", ",".join(header_of("events")) + "\n" + NEW_EVENT_ROWS
    )

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"added 2 row(s) to {events}; rebuilt {built_db}\n"
    assert events.read_bytes() == events_before + NEW_EVENT_ROWS.encode()
    # The build it replaced is kept beside it as the fallback for readers.
    assert (data_dir / "programme.duckdb.bak").read_bytes() == database_before
    changed = ("events.csv", "programme.duckdb", "programme.duckdb.bak")
    assert without(snapshot(data_dir), *changed) == others_before
    assert query(built_db, "SELECT count(*) FROM events") == [(fixture_row_counts["events"] + 2,)]
    assert query(
        built_db,
        "SELECT id, started_on, started_on_precision, online, source_id FROM events "
        "WHERE id IN ('e5', 'e6') ORDER BY id",
    ) == [
        ("e5", date(2017, 3, 1), "month", False, "src-fixture"),
        ("e6", date(2026, 1, 1), "year", True, "src-second"),
    ]
    assert run_cli("validate", "--data", data_dir).exit_code == 0


def test_import_of_a_valid_xlsx_appends_exactly_its_rows_to_the_csv_and_the_database(
    data_dir, built_db, run_cli, header_of, workbook, fixture_row_counts
):
    events = data_dir / "events.csv"
    events_before = events.read_bytes()
    # Typed cells, as Excel stores them: a real date and a real boolean.
    cells = {
        "id": "e5",
        "name": "Assembly",
        "kind": "assembly",
        "started_on": datetime(2026, 3, 2),
        "place_id": "valencia",
        "online": True,
        "initiative_id": "citiverse",
        "host": "City of Valencia",
        "source_id": "src-fixture",
    }
    row = [cells.get(column) for column in header_of("events")]
    upload = workbook("new-events.xlsx", {"Events": [header_of("events"), row]})

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert events.read_bytes() == events_before + (
        b"e5,Assembly,assembly,2026-03-02,,valencia,true,citiverse,City of Valencia,,,src-fixture\n"
    )
    assert query(
        built_db, "SELECT id, started_on, started_on_precision, online FROM events WHERE id = 'e5'"
    ) == [("e5", date(2026, 3, 2), "day", True)]
    assert query(built_db, "SELECT count(*) FROM events") == [(fixture_row_counts["events"] + 1,)]


def test_import_of_a_valid_xlsx_into_releases_writes_whole_numbers_without_a_decimal_point(
    data_dir, built_db, run_cli, header_of, workbook
):
    releases = data_dir / "releases.csv"
    releases_before = releases.read_bytes()
    cells = {
        "id": "r5",
        "title": "Twelve case studies",
        "kind": "case study",
        "released_on": "2024-09",
        "initiative_id": "u4ssc",
        "thematic_group_id": "tg-ai",
        "event_id": "e3",
        "item_count": 12,
        "source_id": "src-fixture",
    }
    row = [cells.get(column) for column in header_of("releases")]
    upload = workbook("releases.xlsx", {"Releases": [header_of("releases"), row]})

    result = run_cli("import", upload, "--table", "releases", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert releases.read_bytes() == releases_before + (
        b"r5,Twelve case studies,case study,2024-09,u4ssc,tg-ai,,e3,12,,,src-fixture\n"
    )
    assert query(
        built_db, "SELECT item_count, released_on_precision FROM releases WHERE id = 'r5'"
    ) == [(12, "month")]


def test_import_reads_the_sheet_named_by_sheet_from_a_workbook_with_several_sheets(
    data_dir, built_db, run_cli, header_of, workbook
):
    cells = {
        "id": "e5",
        "name": "Summit",
        "kind": "summit",
        "started_on": "2026-05",
        "online": False,
        "initiative_id": "u4ssc",
        "source_id": "src-fixture",
    }
    events_sheet = [header_of("events"), [cells.get(c) for c in header_of("events")]]
    upload = workbook("two-sheets.xlsx", {"Notes": [["read me first"]], "Events": events_sheet})
    where = ("--data", data_dir, "--db", built_db)

    result = run_cli("import", upload, "--table", "events", "--sheet", "Events", *where)

    assert result.exit_code == 0, result.stderr
    assert query(built_db, "SELECT name FROM events WHERE id = 'e5'") == [("Summit",)]


def test_import_accepts_a_csv_that_starts_with_a_utf8_byte_order_mark(
    data_dir, built_db, run_cli, header_of, tmp_path, fixture_row_counts
):
    events = data_dir / "events.csv"
    events_before = events.read_bytes()
    # What Excel's "CSV UTF-8" writes; the mark must not end up inside the data file.
    upload = write_upload(
        tmp_path,
        "excel.csv",
        b"\xef\xbb\xbf" + (",".join(header_of("events")) + "\n" + NEW_EVENT_ROWS).encode("utf-8"),
    )

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert events.read_bytes() == events_before + NEW_EVENT_ROWS.encode()
    assert query(built_db, "SELECT count(*) FROM events") == [(fixture_row_counts["events"] + 2,)]


def test_import_of_a_header_only_file_is_valid_and_adds_no_rows(
    data_dir, built_db, run_cli, header_of, tmp_path, fixture_row_counts
):
    events = data_dir / "events.csv"
    events_before = events.read_bytes()
    upload = write_upload(tmp_path, "header-only.csv", ",".join(header_of("events")) + "\n")

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("added 0 row(s)")
    assert events.read_bytes() == events_before
    assert query(built_db, "SELECT count(*) FROM events") == [(fixture_row_counts["events"],)]


def test_import_accepts_columns_in_any_order_and_writes_them_in_the_table_order(
    data_dir, built_db, run_cli, header_of, tmp_path
):
    events = data_dir / "events.csv"
    events_before = events.read_bytes()
    header = header_of("events")
    row = dict(zip(header, NEW_EVENT_ROWS.splitlines()[0].split(","), strict=True))
    shuffled = list(reversed(header))
    upload = write_upload(
        tmp_path,
        "reversed.csv",
        ",".join(shuffled) + "\n" + ",".join(row[c] for c in shuffled) + "\n",
    )

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert (
        events.read_bytes() == events_before + NEW_EVENT_ROWS.splitlines(keepends=True)[0].encode()
    )


def test_import_quotes_cells_that_hold_commas_and_quotes(
    data_dir, built_db, run_cli, header_of, tmp_path
):
    events = data_dir / "events.csv"
    events_before = events.read_bytes()
    line = '"e5","Forum ""A"", Geneva",forum,2026,,geneva,false,u4ssc,,,,src-fixture\n'
    upload = write_upload(tmp_path, "quoted.csv", ",".join(header_of("events")) + "\n" + line)

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert events.read_bytes() == events_before + (
        b'e5,"Forum ""A"", Geneva",forum,2026,,geneva,false,u4ssc,,,,src-fixture\n'
    )
    assert query(built_db, "SELECT name FROM events WHERE id = 'e5'") == [('Forum "A", Geneva',)]


def test_import_starts_a_new_line_when_the_data_file_does_not_end_with_one(
    data_dir, built_db, run_cli, header_of, tmp_path
):
    events = data_dir / "events.csv"
    events.write_bytes(events.read_bytes().rstrip(b"\n"))
    events_before = events.read_bytes()
    upload = write_upload(
        tmp_path, "new.csv", ",".join(header_of("events")) + "\n" + NEW_EVENT_ROWS
    )

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 0, result.stderr
    assert events.read_bytes() == events_before + b"\n" + NEW_EVENT_ROWS.encode()


def test_import_reports_every_problem_in_the_file_and_adds_none_of_its_rows(
    data_dir, built_db, run_cli, snapshot, header_of, tmp_path
):
    before = snapshot(data_dir)
    upload = write_upload(
        tmp_path,
        "mixed.csv",
        ",".join(header_of("events")) + "\n"
        "e5,Fine,meeting,2026,,,false,u4ssc,,,,src-fixture\n"
        "e6,Bad day,meeting,2023-02-30,,,false,u4ssc,,,,src-fixture\n"
        "e7,Bad kind,party,2026,,,false,u4ssc,,,,src-fixture\n"
        "e8,Bad initiative,meeting,2026,,,false,nope,,,,src-fixture\n",
    )

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert [line.split(": ", 2)[:2] for line in result.problem_lines] == [
        [f"{upload}:3", "started_on"],
        [f"{upload}:4", "kind"],
        [f"{upload}:5", "initiative_id"],
    ]
    assert result.stderr.splitlines()[-1] == "3 problem(s); nothing was changed"
    assert snapshot(data_dir) == before


def test_import_restores_the_csv_file_when_the_database_cannot_be_replaced(
    data_dir, built_db, run_cli, snapshot, header_of, tmp_path, monkeypatch
):
    before = snapshot(data_dir)
    upload = write_upload(
        tmp_path, "new.csv", ",".join(header_of("events")) + "\n" + NEW_EVENT_ROWS
    )

    def refuse(temporary: Path, db_path: Path) -> None:
        raise DataError([Problem(str(db_path), None, None, "could not be replaced: disk full")])

    monkeypatch.setattr(importer_module, "publish", refuse)

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert f"{built_db}: could not be replaced: disk full" in result.problem_lines
    assert snapshot(data_dir) == before


def test_import_refuses_an_unknown_table(data_dir, built_db, run_cli, snapshot, tmp_path):
    before = snapshot(data_dir)
    upload = write_upload(tmp_path, "x.csv", "id\nx\n")

    result = run_cli("import", upload, "--table", "nope", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert "unknown table 'nope'; choose one of sources, themes," in result.stderr
    assert snapshot(data_dir) == before


def test_import_refuses_to_add_to_data_that_is_already_invalid(
    data_dir, built_db, run_cli, snapshot, header_of, tmp_path
):
    events = data_dir / "events.csv"
    events.write_text(events.read_text().replace("2016-07-21", "21/07/2016"))
    before = snapshot(data_dir)
    upload = write_upload(
        tmp_path, "new.csv", ",".join(header_of("events")) + "\n" + NEW_EVENT_ROWS
    )

    result = run_cli("import", upload, "--table", "events", "--data", data_dir, "--db", built_db)

    assert result.exit_code == 1
    assert f"{data_dir}: the existing data is not valid; fix it before importing" in (
        result.problem_lines
    )
    assert f"{data_dir}/events.csv:2: started_on: '21/07/2016' is not an ISO date" in result.stderr
    assert snapshot(data_dir) == before
