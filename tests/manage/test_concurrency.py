"""Two editors at once: while one import holds the lock, a second import, an undo or a CLI
import is told another import is in progress, and neither corrupts the other. A lock left
behind by a crashed process does not block. Threads wait on events, never on a clock."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from loaders import editing
from loaders.__main__ import main
from loaders.audit import read_audit
from loaders.import_lock import LOCK_FILE, ImportInProgress
from loaders.validation import validate_directory
from tests.support.data_files import csv_header
from tests.support.manage_page import click, upload
from tests.support.paths import REPO_ROOT

HEADER = ",".join(csv_header("events"))
FIRST = "e5,First editor's summit,summit,2025-06,,geneva,false,u4ssc,,,,src-fixture\n"
SECOND = "e6,Second editor's webinar,webinar,2025-09,,,true,citiverse,,,,src-second\n"


def events_file(row: str) -> bytes:
    return (HEADER + "\n" + row).encode()


def events_in(db_path: Path) -> list[str]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT id FROM events ORDER BY id").fetchall()]


@pytest.fixture
def slow_first_import(data_dir, db_path, monkeypatch) -> Iterator[Callable[[], None]]:
    """Start an import in a thread and hold it inside the lock; the test gets a function that
    lets it finish and waits for it. It must have succeeded by the end of the test."""
    inside, release, errors = threading.Event(), threading.Event(), []
    real_build = editing.write_temporary_database

    def held_build(*args, **kwargs):
        if threading.current_thread() is first:
            inside.set()
            assert release.wait(timeout=120), "the test never released the first import"
        return real_build(*args, **kwargs)

    def run() -> None:
        try:
            editing.apply_import(
                events_file(FIRST), "first.csv", "events", data_dir, db_path, editor="first"
            )
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    monkeypatch.setattr(editing, "write_temporary_database", held_build)
    first = threading.Thread(target=run, name="first-import")
    first.start()
    assert inside.wait(timeout=120), "the first import never reached the lock"

    def finish() -> None:
        release.set()
        first.join(timeout=120)
        assert not first.is_alive()

    yield finish
    finish()
    assert errors == []


def test_a_second_import_during_a_slow_first_import_is_told_another_import_is_in_progress(
    slow_first_import, editor, data_dir, db_path
):
    at = upload(editor(), "second.csv", events_file(SECOND))

    at = click(at, "Confirm import")

    assert "Another import is in progress \\(first, importing first\\.csv, since" in (
        at.error[0].value
    )
    assert not at.success
    slow_first_import()


def test_two_imports_at_once_do_not_corrupt_each_other(
    slow_first_import, editor, data_dir, db_path
):
    at = click(upload(editor(), "second.csv", events_file(SECOND)), "Confirm import")
    assert "Another import is in progress" in at.error[0].value

    slow_first_import()
    # What the second editor saw no longer describes the data: they must look again…
    at = click(at, "Confirm import")
    assert "The data changed since you reviewed this file" in at.error[0].value
    # …and their next confirm imports their row beside the first editor's.
    at = click(at, "Confirm import")

    assert at.success
    text = (data_dir / "events.csv").read_text()
    assert text.endswith(FIRST + SECOND)
    assert validate_directory(data_dir)[1] == []
    assert events_in(db_path) == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert [(e["editor"], e["file_name"]) for e in read_audit(data_dir)] == [
        ("first", "first.csv"),
        ("Ada Editor (editor password)", "second.csv"),
    ]
    assert not (data_dir / LOCK_FILE).exists()


def test_an_undo_during_an_import_is_told_another_import_is_in_progress(
    slow_first_import, data_dir, db_path
):
    with pytest.raises(ImportInProgress, match="Another import is in progress"):
        editing.undo_last_import(data_dir, db_path, editor="second")


def test_the_cli_import_is_refused_while_an_editor_import_holds_the_lock(
    slow_first_import, data_dir, db_path, tmp_path, capsys
):
    upload_file = tmp_path / "second.csv"
    upload_file.write_bytes(events_file(SECOND))
    before = (data_dir / "events.csv").read_bytes()

    exit_code = main(
        [
            "import",
            str(upload_file),
            "--table",
            "events",
            "--data",
            str(data_dir),
            "--db",
            str(db_path),
        ]
    )

    assert exit_code == 1
    assert capsys.readouterr().err.startswith("Another import is in progress (first, importing")
    assert (data_dir / "events.csv").read_bytes() == before


def test_a_lock_left_by_a_crashed_process_does_not_block_the_next_import(data_dir, db_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from pathlib import Path\n"
            "from loaders.import_lock import import_lock\n"
            "with import_lock(Path(sys.argv[1]), 'a process about to crash'):\n"
            "    print('locked', flush=True)\n"
            "    sys.stdin.read()\n",
            str(data_dir),
        ],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(ImportInProgress, match="a process about to crash"):
            editing.apply_import(
                events_file(FIRST), "first.csv", "events", data_dir, db_path, editor="e"
            )
    finally:
        holder.kill()  # no clean-up runs: the lock file stays behind
        holder.wait(timeout=60)
    assert (data_dir / LOCK_FILE).exists()

    editing.apply_import(events_file(FIRST), "first.csv", "events", data_dir, db_path, editor="e")

    assert events_in(db_path) == ["e1", "e2", "e3", "e4", "e5"]
    assert not (data_dir / LOCK_FILE).exists()
