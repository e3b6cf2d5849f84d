"""Bad uploads on /manage: every bad file of the loaders' table (tests/loaders/test_bad_input.py)
is refused with its own message, offers no "Confirm import", and leaves data/ and the database
byte-identical; so does confirming it through the loaders directly.

Under the page's policy two of those files are not bad: a row whose id exists replaces that
record, and a row identical to an existing one is skipped (tested at the end).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from loaders.editing import apply_import
from loaders.problems import DataError, Problem
from tests.loaders.test_bad_input import BAD_FILE_MESSAGES, BAD_FILES, GENERATED_BAD_FILES
from tests.support.data_files import write_workbook
from tests.support.manage_page import upload

ALLOWED_UNDER_THE_UPSERT_POLICY = {
    "events.duplicate_id_of_an_existing_row.csv",
    "event_themes.duplicate_pair_of_an_existing_row.csv",
}
HAND_MADE = {
    name: message
    for name, message in BAD_FILE_MESSAGES.items()
    if name not in ALLOWED_UNDER_THE_UPSERT_POLICY
}
# The page asks which sheet to read instead of taking a --sheet option, so the cases about that
# option do not apply; the sheet question has its own test in test_import_flow.py.
GENERATED = [
    case
    for case in GENERATED_BAD_FILES
    if case.id not in {"several-sheets-and-no-sheet-option", "sheet-option-naming-no-sheet"}
]


def shown_problems(at) -> list[str]:
    """The rejected rows, each as `file:line: column: reason`, the CLI's wording."""
    rejected = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    return [
        str(
            Problem(
                row.file,
                None if pd.isna(row.line) else int(row.line),
                row.column or None,
                row.reason,
            )
        )
        for row in rejected.itertuples()
    ]


def assert_refused_without_changes(at, name: str, expected: str, before, after) -> None:
    assert any(p.startswith(f"{name}{expected}") for p in shown_problems(at)), shown_problems(at)
    assert "The file cannot be imported" in at.error[0].value
    assert "Confirm import" not in [b.label for b in at.button]
    assert after == before  # byte-identical CSVs and database, and no stray file


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[[str, dict], Path]:
    return lambda name, sheets: write_workbook(tmp_path / name, sheets)


@pytest.mark.parametrize(("name", "expected"), HAND_MADE.items(), ids=list(HAND_MADE))
def test_the_page_refuses_a_hand_made_bad_file_and_changes_nothing(
    name, expected, editor, data_dir, snapshot
):
    before = snapshot(data_dir)

    at = upload(editor(), name, (BAD_FILES / name).read_bytes(), table=name.split(".")[0])

    assert_refused_without_changes(at, name, expected, before, snapshot(data_dir))


@pytest.mark.parametrize(("make_upload", "extra_args", "expected"), GENERATED)
def test_the_page_refuses_a_generated_bad_file_and_changes_nothing(
    make_upload, extra_args, expected, editor, data_dir, snapshot, tmp_path, make_workbook
):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    bad = make_upload(uploads, make_workbook)
    before = snapshot(data_dir)

    at = upload(editor(), bad.name, bad.read_bytes())

    assert_refused_without_changes(at, bad.name, expected, before, snapshot(data_dir))


@pytest.mark.parametrize(("make_upload", "extra_args", "expected"), GENERATED)
def test_confirming_a_generated_bad_file_through_the_loaders_changes_nothing(
    make_upload, extra_args, expected, data_dir, db_path, snapshot, tmp_path, make_workbook
):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    bad = make_upload(uploads, make_workbook)
    before = snapshot(data_dir)

    with pytest.raises(DataError) as refused:
        apply_import(bad.read_bytes(), bad.name, "events", data_dir, db_path, editor="test")

    assert any(str(p).startswith(f"{bad.name}{expected}") for p in refused.value.problems)
    assert snapshot(data_dir) == before
    assert not (data_dir / ".history").exists()


@pytest.mark.parametrize(("name", "expected"), HAND_MADE.items(), ids=list(HAND_MADE))
def test_confirming_a_hand_made_bad_file_through_the_loaders_changes_nothing(
    name, expected, data_dir, db_path, snapshot
):
    before = snapshot(data_dir)
    content = (BAD_FILES / name).read_bytes()

    with pytest.raises(DataError) as refused:
        apply_import(content, name, name.split(".")[0], data_dir, db_path, editor="test")

    assert any(str(p).startswith(f"{name}{expected}") for p in refused.value.problems)
    assert snapshot(data_dir) == before


def test_a_row_whose_id_exists_is_a_change_not_a_duplicate_on_the_page(editor, data_dir):
    name = "events.duplicate_id_of_an_existing_row.csv"

    at = upload(editor(), name, (BAD_FILES / name).read_bytes())

    changes = next(d.value for d in at.dataframe if "changes" in d.value.columns)
    assert changes["id"].tolist() == ["e1"]
    assert "Confirm import" in [b.label for b in at.button]


def test_a_link_row_that_exists_already_is_skipped_as_unchanged_on_the_page(editor):
    name = "event_themes.duplicate_pair_of_an_existing_row.csv"

    at = upload(editor(), name, (BAD_FILES / name).read_bytes(), table="event_themes")

    assert [i.value for i in at.info] == [
        "Nothing to import: every row of the file is already in event_themes."
    ]
    assert "Confirm import" not in [b.label for b in at.button]


def test_streamlit_itself_refuses_uploads_over_10_mb_before_the_page_reads_them():
    config = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
    assert tomllib.loads(config.read_text())["server"]["maxUploadSize"] == 10
