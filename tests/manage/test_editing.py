"""The editors' import and undo in the loaders, without the page: all or nothing, rewriting
only what changes, kept copies, the audit log, and refusals that change nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from loaders import editing
from loaders.audit import AUDIT_FILE, read_audit
from loaders.editing import NothingToUndo, ReviewOutdated, apply_import, undo_last_import
from loaders.import_history import HISTORY_DIR, last_import
from loaders.import_preview import preview_import
from loaders.problems import DataError, Problem
from loaders.validation import validate_directory
from tests.support.data_files import csv_header
from tests.support.paths import REPO_ROOT

HEADER = ",".join(csv_header("events"))
NEW = "e5,Summit,summit,2025-06,,geneva,false,u4ssc,,,,src-fixture\n"


def events_file(rows: str) -> bytes:
    return (HEADER + "\n" + rows).encode()


def test_confirm_puts_every_file_back_when_the_database_cannot_be_replaced(
    data_dir, db_path, snapshot, monkeypatch
):
    (data_dir / AUDIT_FILE).write_text("at,editor,action,table,file_name,file_sha256,x,y\n")
    before = snapshot(data_dir)

    def refuse(temporary: Path, db: Path) -> None:
        raise DataError([Problem(str(db), None, None, "could not be replaced: disk full")])

    monkeypatch.setattr(editing, "publish", refuse)

    with pytest.raises(DataError, match="disk full"):
        apply_import(events_file(NEW), "new.csv", "events", data_dir, db_path, editor="e")

    assert snapshot(data_dir) == before  # the CSV, the audit log and the database
    assert last_import(data_dir) is None  # nothing is offered for undo


def test_a_changed_record_is_rewritten_in_place_and_every_other_byte_is_kept(data_dir, db_path):
    events = data_dir / "events.csv"
    # A quoted cell and a record over two lines, as a hand-edited file may hold them.
    events.write_text(
        events.read_text().replace(",ITU,", ',"ITU",').replace("City of Valencia", '"City\nof"')
    )
    before = events.read_text().splitlines(keepends=True)
    e2 = next(line for line in before if line.startswith("e2,"))
    changed_e2 = e2.replace("1st UN Virtual Worlds Day", "UN Virtual Worlds Day 2024")

    apply_import(events_file(changed_e2 + NEW), "e.csv", "events", data_dir, db_path, editor="e")

    assert events.read_text() == "".join(before).replace(e2, changed_e2) + NEW


def test_a_date_given_more_precisely_is_a_change_but_yes_for_true_is_not(data_dir):
    rows = (
        "e1,1st U4SSC meeting,meeting,2016-07-21,2016-07-22,geneva,no,u4ssc,ITU,,,src-second\n"
        "e2,1st UN Virtual Worlds Day,observance,2024-06,,geneva,false,citiverse,,,,src-fixture\n"
    )

    preview = preview_import(events_file(rows), "p.csv", "events", data_dir)

    assert preview.unchanged == 1
    assert [(c.line, c.changed_columns) for c in preview.changed] == [(3, ("started_on",))]
    assert preview.changed[0].before["started_on"] == "2024-06-14"


def test_an_id_repeated_in_the_upload_is_rejected_rather_than_replacing_twice(data_dir):
    rows = NEW + NEW.replace("Summit", "Summit again")

    preview = preview_import(events_file(rows), "twice.csv", "events", data_dir)

    assert [str(p) for p in preview.problems] == [
        "twice.csv:3: id: duplicate 'e5' (first at twice.csv:2)"
    ]
    assert not preview.can_confirm


def test_confirming_a_preview_of_data_that_has_since_changed_is_refused(
    data_dir, db_path, snapshot
):
    preview = preview_import(events_file(NEW), "new.csv", "events", data_dir)
    places = data_dir / "places.csv"
    places.write_text(places.read_text() + "paris,Paris,France,48.85,2.35,src-fixture\n")
    before = snapshot(data_dir)

    with pytest.raises(ReviewOutdated):
        apply_import(
            events_file(NEW),
            "new.csv",
            "events",
            data_dir,
            db_path,
            editor="e",
            reviewed=preview.token,
        )

    assert snapshot(data_dir) == before


def test_an_upload_that_adds_nothing_new_is_refused(data_dir, db_path, snapshot):
    before = snapshot(data_dir)
    same = (data_dir / "events.csv").read_bytes()

    with pytest.raises(DataError, match="adds nothing new: every row is in events"):
        apply_import(same, "same.csv", "events", data_dir, db_path, editor="e")

    assert snapshot(data_dir) == before


def test_undo_with_no_import_kept_says_there_is_nothing_to_undo(data_dir, db_path, snapshot):
    before = snapshot(data_dir)

    with pytest.raises(NothingToUndo, match=r"There is no import to undo\."):
        undo_last_import(data_dir, db_path, editor="e")

    assert snapshot(data_dir) == before


def test_undo_refuses_when_the_table_file_changed_since_the_import(data_dir, db_path, snapshot):
    apply_import(events_file(NEW), "new.csv", "events", data_dir, db_path, editor="e")
    events = data_dir / "events.csv"
    events.write_text(events.read_text().replace("Summit", "Summit (edited by hand)"))
    before = snapshot(data_dir)

    with pytest.raises(DataError, match=r"has changed since the import of new\.csv"):
        undo_last_import(data_dir, db_path, editor="e")

    assert snapshot(data_dir) == before


def test_undo_twice_reverts_the_two_last_imports_in_turn(data_dir, db_path):
    original = (data_dir / "events.csv").read_bytes()
    apply_import(events_file(NEW), "one.csv", "events", data_dir, db_path, editor="e")
    after_one = (data_dir / "events.csv").read_bytes()
    later = NEW.replace("e5,Summit", "e6,Forum").replace("summit", "forum")
    apply_import(events_file(later), "two.csv", "events", data_dir, db_path, editor="e")

    assert undo_last_import(data_dir, db_path, editor="e").file_name == "two.csv"
    assert (data_dir / "events.csv").read_bytes() == after_one
    assert undo_last_import(data_dir, db_path, editor="e").file_name == "one.csv"
    assert (data_dir / "events.csv").read_bytes() == original
    with pytest.raises(NothingToUndo):
        undo_last_import(data_dir, db_path, editor="e")
    assert [(e["action"], e["file_name"]) for e in read_audit(data_dir)] == [
        ("import", "one.csv"),
        ("import", "two.csv"),
        ("undo", "two.csv"),
        ("undo", "one.csv"),
    ]
    kept = sorted(p.name for p in (data_dir / HISTORY_DIR).iterdir())
    assert len(kept) == 2 and all(name.endswith(".undone") for name in kept)


def test_the_audit_log_is_not_read_as_a_table(data_dir, db_path):
    apply_import(events_file(NEW), "new.csv", "events", data_dir, db_path, editor="e")

    tables, problems = validate_directory(data_dir)

    assert (data_dir / AUDIT_FILE).exists()
    assert problems == []
    assert "audit" not in tables


def test_the_audit_log_keeps_a_formula_like_file_name_and_editor_as_text(data_dir, db_path):
    name = '=HYPERLINK("http://example.org").csv'

    apply_import(events_file(NEW), name, "events", data_dir, db_path, editor="@someone")

    [entry] = read_audit(data_dir)
    assert entry["file_name"] == "'" + name
    assert entry["editor"] == "'@someone"


def test_kept_copies_and_the_lock_file_are_git_ignored():
    for path in ("data/.history/20250101T000000000000Z/events.csv", "data/.import.lock"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=REPO_ROOT, check=False)
        assert ignored.returncode == 0, path
