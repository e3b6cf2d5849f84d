"""Quotes claimed verbatim are checked against a source's text in data/reference/."""

from __future__ import annotations

import pytest

from loaders.import_preview import preview_import
from loaders.quote_checks import quoted_in

TEXT = "We have launched and concluded the 1st UN Citiverse Challenge. Students were invited."


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("launched and concluded the 1st UN Citiverse Challenge", True),
        # Line breaks and runs of spaces in the source or the quote do not count.
        ("launched and\n  concluded the 1st", True),
        # "..." stands for words left out; the pieces must come in order.
        ("We have launched ... Students were invited.", True),
        ("Students were invited ... We have launched", False),
        # One changed word is a different quote.
        ("launched and finished the 1st UN Citiverse Challenge", False),
    ],
)
def test_a_quote_is_found_in_the_text_whatever_its_line_breaks(words, found):
    assert quoted_in(words, " ".join(TEXT.split())) is found


@pytest.fixture
def reference_text(data_dir, append_rows):
    """A source whose full text is in data/reference/ (the fixture's other sources have none)."""
    append_rows(data_dir / "sources.csv", "src-text,A text,,Fixture,https://example.org/text,,")
    folder = data_dir / "reference"
    folder.mkdir()
    (folder / "src-text.txt").write_text(
        "The Assembly also marked the official\nlaunch of the Citiverse Alliance, a new platform.",
        encoding="utf-8",
    )
    return folder


def test_validate_refuses_a_quote_that_is_not_in_its_sources_text(
    data_dir, reference_text, append_rows, run_cli
):
    [line] = append_rows(
        data_dir / "releases.csv",
        "r-made-up,A report,report,2025,u4ssc,,,,,,an invented sentence,src-text",
    )
    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 1
    assert result.problem_lines == [
        f"{data_dir / 'releases.csv'}:{line}: quote: is not in the text of src-text"
    ]


def test_validate_checks_a_note_quoting_a_source_by_its_id(
    data_dir, reference_text, append_rows, run_cli
):
    _good, bad = append_rows(
        data_dir / "initiatives.csv",
        'alliance,Alliance,Alliance,alliance,2025-11-03,,,citiverse,"Purpose (src-text): '
        '""launch of the Citiverse Alliance, a new platform.""",,src-text',
        'alliance-2,Alliance,Alliance,alliance,2025-11-03,,,citiverse,"Purpose (src-text): '
        '""a platform for everyone""",,src-text',
    )
    result = run_cli("validate", "--data", data_dir)

    assert result.exit_code == 1
    assert result.problem_lines == [
        f'{data_dir / "initiatives.csv"}:{bad}: note: "a platform for everyone" is not in the '
        "text of src-text"
    ]


def test_sources_without_a_text_are_not_checked(data_dir, append_rows, run_cli):
    append_rows(
        data_dir / "releases.csv",
        "r-other,A report,report,2025,u4ssc,,,,,,any words at all,src-fixture",
    )
    assert run_cli("validate", "--data", data_dir).exit_code == 0


def test_an_import_is_refused_when_its_quote_is_not_in_the_sources_text(
    data_dir, db_path, reference_text, header_of, run_cli, tmp_path, snapshot
):
    upload = tmp_path / "releases.csv"
    upload.write_text(
        ",".join(header_of("releases"))
        + "\nr-made-up,A report,report,2025,u4ssc,,,,,,an invented sentence,src-text\n",
        encoding="utf-8",
    )
    before = snapshot(data_dir)

    result = run_cli("import", upload, "--table", "releases", "--data", data_dir, "--db", db_path)

    assert result.exit_code == 1
    assert ":2: quote: is not in the text of src-text" in result.stderr
    assert snapshot(data_dir) == before


def test_the_editors_import_preview_shows_a_quote_not_in_the_sources_text(
    data_dir, reference_text, header_of
):

    content = (
        ",".join(header_of("releases"))
        + "\nr-made-up,A report,report,2025,u4ssc,,,,,,an invented sentence,src-text\n"
    ).encode()

    preview = preview_import(content, "releases.csv", "releases", data_dir)

    assert not preview.can_confirm
    assert [(p.line, p.column, p.message) for p in preview.problems] == [
        (2, "quote", "is not in the text of src-text")
    ]
