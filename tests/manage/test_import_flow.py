"""The editor's import end to end through the page: preview, confirm, the data and the
dashboard change; undo puts the files back byte for byte; the audit log records both."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from loaders.audit import read_audit
from loaders.validation import validate_directory
from tests.support.data_files import csv_header, write_workbook
from tests.support.manage_page import click, upload
from tests.support.paths import APP

EVENTS_HEADER = ",".join(csv_header("events"))
NEW_EVENTS = (
    "e5,2025 summit,summit,2025-06,,geneva,false,u4ssc,ITU,,,src-fixture\n"
    "e6,Webinar,webinar,2025-09-10,,,true,citiverse,,,,src-second\n"
)
# e1 renamed and given a host; e2 as it is, but with "no" for false: the same record.
EDITS = (
    "e1,1st U4SSC meeting (Geneva),meeting,2016-07-21,2016-07-22,geneva,false,u4ssc,ITU-T,,,"
    "src-second\n"
    "e2,1st UN Virtual Worlds Day,observance,2024-06-14,,geneva,no,citiverse,,,,src-fixture\n"
)


def events_file(rows: str) -> bytes:
    return (EVENTS_HEADER + "\n" + rows).encode()


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def count(db_path: Path, table: str) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def events_card(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Events, 2016–2025"]


def test_nothing_is_written_until_confirm_import(editor, data_dir, snapshot):
    before = snapshot(data_dir)

    at = upload(editor(), "new.csv", events_file(NEW_EVENTS))

    assert (
        "new.csv → events: 2 row(s) to add, 0 to change, 0 unchanged (skipped), 0 problem(s)."
        in [t.value for t in at.text]
    )
    assert frame_with(at, "name")["id"].tolist() == ["e5", "e6"]
    assert [b.label for b in at.button if b.label == "Confirm import"] == ["Confirm import"]
    assert snapshot(data_dir) == before
    assert not (data_dir / "audit.csv").exists()


def test_a_valid_file_adds_exactly_its_rows_to_the_csv_files_and_the_database_and_the_overview(
    editor, data_dir, db_path, snapshot
):
    overview = AppTest.from_file(APP, default_timeout=60).run()  # a session open all along
    assert events_card(overview) == "4"
    events_before = (data_dir / "events.csv").read_bytes()
    others_before = {k: v for k, v in snapshot(data_dir).items() if k != "programme.duckdb"}
    del others_before["events.csv"]

    at = click(upload(editor(), "new.csv", events_file(NEW_EVENTS)), "Confirm import")

    assert (
        "Imported new\\.csv into events\\: 2 row\\(s\\) added, 0 changed\\." in at.success[0].value
    )
    assert (data_dir / "events.csv").read_bytes() == events_before + NEW_EVENTS.encode()
    after = snapshot(data_dir)
    assert {k: v for k, v in after.items() if k in others_before} == others_before
    assert count(db_path, "events") == 6
    assert validate_directory(data_dir)[1] == []
    assert not at.file_uploader[0].value  # emptied for the next file
    # The session opened before the import sees the new build on its next interaction (DuckDB
    # would hand it the replaced file if the page did not drop the cached connections).
    assert events_card(overview.run()) == "6"


def test_undo_restores_the_csv_files_byte_identically_and_the_audit_log_has_both_entries(
    editor, data_dir, db_path, snapshot
):
    tables_before = {
        k: v for k, v in snapshot(data_dir).items() if k.endswith(".csv") and k != "audit.csv"
    }
    content = events_file(NEW_EVENTS + EDITS)
    at = click(upload(editor(), "new.csv", content), "Confirm import")
    assert count(db_path, "events") == 6
    assert "Last import: new.csv into events by Ada Editor (editor password)" in at.text[-1].value

    at = click(at, "Undo last import")

    assert "Undid the import of new\\.csv into events\\." in at.success[0].value
    assert {k: v for k, v in snapshot(data_dir).items() if k in tables_before} == tables_before
    assert count(db_path, "events") == 4
    assert "There is no import to undo." in [t.value for t in at.text]
    digest = hashlib.sha256(content).hexdigest()
    log = read_audit(data_dir)
    assert [(e["action"], e["editor"], e["file_name"], e["file_sha256"]) for e in log] == [
        ("import", "Ada Editor (editor password)", "new.csv", digest),
        ("undo", "Ada Editor (editor password)", "new.csv", digest),
    ]
    assert [(e["table"], e["rows_added"], e["rows_changed"]) for e in log] == [
        ("events", "2", "1"),
        ("events", "2", "1"),
    ]
    assert all(e["at"].endswith("+00:00") for e in log)


def test_a_row_whose_id_exists_is_shown_with_its_differences_and_replaces_that_record(
    editor, data_dir, db_path
):
    at = upload(editor(), "edits.csv", events_file(EDITS))

    assert "0 row(s) to add, 1 to change, 1 unchanged (skipped)" in at.text[1].value
    changes = frame_with(at, "changes")
    assert changes[["line", "changes", "id"]].values.tolist() == [[2, "name, host", "e1"]]
    assert changes.loc[0, "name"] == "1st U4SSC meeting → 1st U4SSC meeting (Geneva)"
    assert changes.loc[0, "host"] == "ITU → ITU-T"
    assert changes.loc[0, "kind"] == "meeting"  # unchanged cells read as they are
    styled = next(d for d in at.dataframe if "changes" in d.value.columns)
    assert "background-color" in str(styled.proto.arrow_data.styler.styles)

    click(at, "Confirm import")

    lines = (data_dir / "events.csv").read_text().splitlines()
    assert lines[1] == (
        "e1,1st U4SSC meeting (Geneva),meeting,2016-07-21,2016-07-22,geneva,false,u4ssc,ITU-T,,,"
        "src-second"
    )
    assert lines[2].startswith("e2,1st UN Virtual Worlds Day,observance,2024-06-14,,geneva,false")
    assert len(lines) == 5
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT host FROM events WHERE id = 'e1'").fetchall() == [("ITU-T",)]


def test_a_file_whose_rows_are_all_in_the_table_offers_nothing_to_confirm(editor, data_dir):
    same = (data_dir / "events.csv").read_bytes()

    at = upload(editor(), "same.csv", same)

    assert [i.value for i in at.info] == [
        "Nothing to import: every row of the file is already in events."
    ]
    assert "Confirm import" not in [b.label for b in at.button]


def test_the_preview_lists_each_rejected_row_with_its_line_column_and_reason(
    editor, data_dir, snapshot
):
    before = snapshot(data_dir)
    rows = (
        "e5,Fine,meeting,2026,,,false,u4ssc,,,,src-fixture\n"
        "e6,Bad day,meeting,2023-02-30,,,false,u4ssc,,,,src-fixture\n"
        "e7,Bad initiative,meeting,2026,,,false,nope,,,,src-fixture\n"
    )

    at = upload(editor(), "mixed.csv", events_file(rows))

    rejected = frame_with(at, "reason")
    assert rejected[["file", "line", "column"]].values.tolist() == [
        ["mixed.csv", 3, "started_on"],
        ["mixed.csv", 4, "initiative_id"],
    ]
    assert rejected["reason"].tolist() == [
        "'2023-02-30' is not a valid date",
        "unknown initiative 'nope': no such id in initiatives",
    ]
    assert "Confirm import" not in [b.label for b in at.button]
    assert snapshot(data_dir) == before


def test_a_workbook_with_several_sheets_asks_which_sheet_to_use(editor, data_dir, tmp_path):
    cells = "e5,Summit,summit,2025-05,,,false,u4ssc,,,,src-fixture".split(",")
    book = write_workbook(
        tmp_path / "two.xlsx",
        {"Notes": [["read me first"]], "Events": [EVENTS_HEADER.split(","), cells]},
    )

    at = upload(editor(), "two.xlsx", book.read_bytes())

    sheet = next(s for s in at.selectbox if s.label == "Sheet")
    assert sheet.options == ["Notes", "Events"]
    assert not at.dataframe  # nothing is previewed before a sheet is chosen
    sheet.select("Events")
    at = click(at.run(), "Confirm import")

    assert (
        (data_dir / "events.csv")
        .read_text()
        .endswith("e5,Summit,summit,2025-05,,,false,u4ssc,,,,src-fixture\n")
    )


def test_a_confirm_after_the_data_changed_is_refused_until_the_new_preview_is_reviewed(
    editor, data_dir, snapshot
):
    at = upload(editor(), "new.csv", events_file(NEW_EVENTS))
    # Meanwhile another editor adds a place; this preview no longer shows the data as it is.
    places = data_dir / "places.csv"
    places.write_text(places.read_text() + "paris,Paris,France,48.85,2.35,src-fixture\n")
    before = snapshot(data_dir)

    at = click(at, "Confirm import")

    assert "The data changed since you reviewed this file" in at.error[0].value
    assert snapshot(data_dir) == before

    at = click(at, "Confirm import")  # the preview on screen is now the current one

    assert at.success
    assert (data_dir / "events.csv").read_text().endswith(NEW_EVENTS)


def test_a_file_name_that_is_markdown_is_shown_as_its_text_in_the_confirmation(editor):
    # A browser sends whatever name it likes: this one would make the message a heading.
    name = "Name\n===\n<b>new</b>.csv"
    at = click(upload(editor(), name, events_file(NEW_EVENTS)), "Confirm import")
    blocks = MarkdownIt("commonmark").parse(at.success[0].value)
    assert [b.type for b in blocks] == ["paragraph_open", "inline", "paragraph_close"]
    assert {c.type for c in blocks[1].children} == {"text"}
    assert "".join(c.content for c in blocks[1].children).startswith(
        "Imported Name === <b>new</b>.csv into events: 2 row(s) added"
    )
