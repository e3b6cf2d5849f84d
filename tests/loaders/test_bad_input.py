"""Bad uploads: each is refused with a clear message, a non-zero exit, and no file changed.

Hand-made text files live in tests/fixtures/bad/, named `<table>.<what is wrong>.<ext>`, and
BAD_FILE_MESSAGES says what each must produce. Files that are binary, large, or whose exact
bytes an editor would "fix" (a BOM, cp1252) are generated in tmp_path by GENERATED_BAD_FILES.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import defusedxml
import openpyxl
import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BAD_FILES = FIXTURES / "bad"
EVENTS_HEADER = (FIXTURES / "data" / "events.csv").read_text().splitlines()[0].split(",")

# What each problem line must hold after the upload's path: `<path>:<line>: <column>: <message>`.
BAD_FILE_MESSAGES = {
    "events.semicolon_delimiters.csv": (
        ":1: the header is one column holding ';': the file uses ';' as its delimiter; use ','"
    ),
    "events.unterminated_quote.csv": (
        ":2: malformed CSV: unexpected end of data (an unterminated quote?)"
    ),
    "events.ragged_row.csv": ":2: row has 11 fields but the header has 12",
    "events.duplicate_header_column.csv": ":1: note: duplicate column in the header",
    "events.missing_header_column.csv": ":1: missing column(s): host",
    "events.empty.csv": ": is empty; it needs at least a header row",
    "events.duplicate_id_in_the_file.csv": ":3: id: duplicate 'e9' (first at ",
    "events.duplicate_id_of_an_existing_row.csv": ":2: id: duplicate 'e1' (first at ",
    "events.impossible_date.csv": ":2: started_on: '2023-02-30' is not a valid date",
    "events.day_month_year_date.csv": (
        ":2: started_on: '14/06/2024' is not an ISO date: write YYYY, YYYY-MM or YYYY-MM-DD"
    ),
    "events.ends_before_it_starts.csv": ":2: ended_on: 2020-05-01 is before started_on 2021-01-01",
    "events.unknown_initiative.csv": (
        ":2: initiative_id: unknown initiative 'nope': no such id in initiatives"
    ),
    "events.missing_source.csv": ":2: source_id: is required",
    "events.unknown_kind.csv": ":2: kind: 'party' is not one of: meeting, forum, session,",
    "events.not_a_boolean.csv": ":2: online: 'maybe' is not true or false",
    "events.text_named_xlsx.xlsx": (
        ": is not an XLSX workbook (its content does not start with the ZIP signature)"
    ),
    "events.tab_separated.txt": ": unsupported file type '.txt'; use .csv or .xlsx",
    "counts.not_a_number.csv": ":2: value: 'N/A' is not a whole number",
    "releases.not_a_number.csv": ":2: item_count: 'N/A' is not a whole number",
    "releases.unknown_source.csv": (
        ":2: source_id: unknown source 'src-nowhere': no such id in sources"
    ),
    "event_themes.unknown_theme.csv": (
        ":2: theme_id: unknown theme 'no-such-theme': no such id in themes"
    ),
    "event_themes.duplicate_pair_of_an_existing_row.csv": (
        ":2: event_id,theme_id: duplicate 'e2', 'virtual-worlds' (first at "
    ),
}


def assert_refused_without_changes(result, upload: Path, expected: str, before, after) -> None:
    assert result.exit_code == 1
    assert f"{upload}{expected}" in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1].endswith("problem(s); nothing was changed")
    assert result.stdout == ""
    assert after == before  # byte-identical CSVs and database, and no stray temporary file


def test_every_hand_made_bad_file_has_the_message_it_must_produce():
    assert sorted(p.name for p in BAD_FILES.iterdir()) == sorted(BAD_FILE_MESSAGES)


@pytest.mark.parametrize(
    ("name", "expected"), BAD_FILE_MESSAGES.items(), ids=list(BAD_FILE_MESSAGES)
)
def test_import_refuses_a_hand_made_bad_file_and_changes_nothing(
    name, expected, data_dir, built_db, run_cli, snapshot
):
    upload = BAD_FILES / name
    table = name.split(".")[0]
    before = snapshot(data_dir)

    result = run_cli("import", upload, "--table", table, "--data", data_dir, "--db", built_db)

    assert_refused_without_changes(result, upload, expected, before, snapshot(data_dir))


# --- generated bad files ---------------------------------------------------------------------

Workbook = Callable[[str, dict[str, list[list[object]]]], Path]


def event_row(**cells: object) -> list[object]:
    """A valid new event in EVENTS_HEADER order, with `cells` replacing some of its values."""
    values = {
        "id": "e9",
        "name": "Fine",
        "kind": "meeting",
        "started_on": "2026",
        "online": False,
        "initiative_id": "u4ssc",
        "source_id": "src-fixture",
        **cells,
    }
    return [values.get(column) for column in EVENTS_HEADER]


def csv_line(row: list[object]) -> str:
    def text(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)

    return ",".join(text(value) for value in row)


def cp1252_csv(tmp_path: Path, workbook: Workbook) -> Path:
    path = tmp_path / "events.csv"
    text = f"{','.join(EVENTS_HEADER)}\n{csv_line(event_row(name='Forum in Querétaro'))}\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def workbook_with_two_sheets(tmp_path: Path, workbook: Workbook) -> Path:
    return workbook(
        "two-sheets.xlsx", {"Events": [EVENTS_HEADER, event_row()], "Notes": [["read me"]]}
    )


def workbook_with_a_formula(tmp_path: Path, workbook: Workbook) -> Path:
    return workbook("formula.xlsx", {"Events": [EVENTS_HEADER, event_row(name='=UPPER("x")')]})


def workbook_with_a_ragged_row(tmp_path: Path, workbook: Workbook) -> Path:
    return workbook("ragged.xlsx", {"Events": [EVENTS_HEADER, [*event_row(), "extra"]]})


def workbook_with_an_impossible_date(tmp_path: Path, workbook: Workbook) -> Path:
    return workbook(
        "bad-date.xlsx", {"Events": [EVENTS_HEADER, event_row(started_on="2023-02-30")]}
    )


def workbook_named_csv(tmp_path: Path, workbook: Workbook) -> Path:
    real = workbook("real.xlsx", {"Events": [EVENTS_HEADER, event_row()]})
    return real.rename(tmp_path / "events.csv")


def macro_enabled_workbook(tmp_path: Path, workbook: Workbook) -> Path:
    real = workbook("real.xlsx", {"Events": [EVENTS_HEADER, event_row()]})
    return real.rename(tmp_path / "events.xlsm")


def rewrite_workbook(
    source: Path,
    target: Path,
    change: Callable[[zipfile.ZipFile], None],
    edit: Callable[[str, bytes], bytes] = lambda name, data: data,
) -> Path:
    """Copy an .xlsx member by member, editing members and then adding any with `change`."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, edit(info.filename, src.read(info)))
        change(out)
    return target


def workbook_with_macros_named_xlsx(tmp_path: Path, workbook: Workbook) -> Path:
    real = workbook("real.xlsx", {"Events": [EVENTS_HEADER, event_row()]})
    return rewrite_workbook(
        real,
        tmp_path / "events.xlsx",
        lambda out: out.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0"),
    )


def broken_zip_named_xlsx(tmp_path: Path, workbook: Workbook) -> Path:
    path = tmp_path / "events.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"not really a zip archive" * 10)
    return path


def csv_with_a_nul_byte_after_the_first_4_kb(tmp_path: Path, workbook: Workbook) -> Path:
    """Valid events for 4 KB and more, then one whose name holds a NUL, on line 101."""
    path = tmp_path / "events.csv"
    rows = [csv_line(event_row(id=f"e{n}", name=f"Event {n}")) for n in range(100, 199)]
    rows.append(csv_line(event_row(id="e199", name="Event\x00 199")))
    path.write_bytes(f"{','.join(EVENTS_HEADER)}\n{chr(10).join(rows)}\n".encode())
    assert path.read_bytes().index(b"\x00") > 4096
    return path


def csv_over_the_size_limit(tmp_path: Path, workbook: Workbook) -> Path:
    path = tmp_path / "events.csv"
    line = csv_line(event_row()) + "\n"
    with path.open("w", encoding="utf-8") as f:
        f.write(",".join(EVENTS_HEADER) + "\n")
        f.write(line * (10 * 1024 * 1024 // len(line) + 1))
    assert path.stat().st_size > 10 * 1024 * 1024
    return path


def zip_bomb_workbook(tmp_path: Path, workbook: Workbook) -> Path:
    """A small workbook with a member of 60 MiB of zeros (~60 KB compressed)."""
    real = workbook("real.xlsx", {"Events": [EVENTS_HEADER, event_row()]})

    def add_zeros(out: zipfile.ZipFile) -> None:
        with out.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(60):
                member.write(chunk)

    path = rewrite_workbook(real, tmp_path / "bomb.xlsx", add_zeros)
    assert path.stat().st_size < 1024 * 1024
    return path


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)


def billion_laughs_workbook(tmp_path: Path, workbook: Workbook) -> Path:
    real = workbook("real.xlsx", {"Events": [EVENTS_HEADER, event_row()]})

    def declare_entities(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        body = data.decode("utf-8")
        body = body[body.index("?>") + 2 :] if body.startswith("<?xml") else body
        return (BILLION_LAUGHS + body.replace("<t>e9</t>", "<t>&lol9;</t>")).encode("utf-8")

    return rewrite_workbook(real, tmp_path / "lol.xlsx", lambda out: None, declare_entities)


def workbook_with_a_truncated_sheet(tmp_path: Path, workbook: Workbook) -> Path:
    real = workbook("real.xlsx", {"Events": [EVENTS_HEADER, event_row()]})

    def truncate(name: str, data: bytes) -> bytes:
        return data[: len(data) * 3 // 4] if name == "xl/worksheets/sheet1.xml" else data

    return rewrite_workbook(real, tmp_path / "truncated.xlsx", lambda out: None, truncate)


GENERATED_BAD_FILES = [
    pytest.param(
        cp1252_csv,
        [],
        ":2: is not UTF-8 text (byte 0xE9); save it as 'CSV UTF-8'",
        id="cp1252-encoded-csv",
    ),
    pytest.param(
        workbook_with_two_sheets,
        [],
        ": has 2 sheets (Events, Notes); choose one (--sheet NAME)",
        id="several-sheets-and-no-sheet-option",
    ),
    pytest.param(
        workbook_with_two_sheets,
        ["--sheet", "Nope"],
        ": has no sheet 'Nope' (it has Events, Notes)",
        id="sheet-option-naming-no-sheet",
    ),
    pytest.param(
        workbook_with_a_formula,
        [],
        '[Events]:2: B2: holds a formula (=UPPER("x")); paste values instead',
        id="formula-cell",
    ),
    pytest.param(
        workbook_with_a_ragged_row,
        [],
        "[Events]:2: row has values beyond the 12 header columns",
        id="ragged-sheet-row",
    ),
    pytest.param(
        workbook_with_an_impossible_date,
        [],
        "[Events]:2: started_on: '2023-02-30' is not a valid date",
        id="impossible-date-in-a-sheet",
    ),
    pytest.param(
        workbook_named_csv,
        [],
        ": is named .csv but holds binary data (a spreadsheet?)",
        id="xlsx-named-csv",
    ),
    pytest.param(
        macro_enabled_workbook,
        [],
        ": macro-enabled workbooks (.xlsm) are refused; save it as .xlsx or .csv",
        id="xlsm",
    ),
    pytest.param(
        workbook_with_macros_named_xlsx,
        [],
        ": contains macros; they are refused",
        id="macros-in-an-xlsx",
    ),
    pytest.param(
        broken_zip_named_xlsx, [], ": is not a valid XLSX workbook (broken ZIP)", id="broken-zip"
    ),
    pytest.param(
        csv_with_a_nul_byte_after_the_first_4_kb,
        [],
        ":101: holds a NUL byte (0x00), which a text file never contains; export it again as CSV",
        id="nul-byte-after-the-first-4-kb",
    ),
    pytest.param(
        csv_over_the_size_limit, [], ": is 10.5 MB; the limit is 10 MB", id="over-the-size-limit"
    ),
    pytest.param(zip_bomb_workbook, [], ": unpacks to 60 MB, over the 50 MB limit ", id="zip-bomb"),
    pytest.param(
        billion_laughs_workbook, [], ": is not a readable XLSX workbook: ", id="billion-laughs"
    ),
    pytest.param(
        workbook_with_a_truncated_sheet,
        [],
        ": is not a readable XLSX workbook: ",
        id="truncated-sheet-xml",
    ),
]


@pytest.mark.parametrize(("make_upload", "extra_args", "expected"), GENERATED_BAD_FILES)
def test_import_refuses_a_generated_bad_file_and_changes_nothing(
    make_upload, extra_args, expected, data_dir, built_db, run_cli, snapshot, tmp_path, workbook
):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    upload = make_upload(uploads, workbook)
    before = snapshot(data_dir)

    result = run_cli(
        "import", upload, "--table", "events", *extra_args, "--data", data_dir, "--db", built_db
    )

    assert_refused_without_changes(result, upload, expected, before, snapshot(data_dir))


def test_workbooks_are_parsed_by_defusedxml_which_refuses_entity_declarations(tmp_path, workbook):
    # The loaders rely on openpyxl using defusedxml when it is installed; prove that it does,
    # so a billion-laughs workbook is refused before any entity is expanded.
    upload = billion_laughs_workbook(tmp_path, workbook)

    with pytest.raises(Exception) as raised:
        openpyxl.load_workbook(upload, read_only=True)

    causes = []
    error: BaseException | None = raised.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, defusedxml.EntitiesForbidden) for e in causes), causes


def test_import_run_as_a_real_process_exits_1_on_a_bad_file(data_dir, built_db, run_real_cli):
    upload = BAD_FILES / "events.impossible_date.csv"

    result = run_real_cli(
        "import", upload, "--table", "events", "--data", data_dir, "--db", built_db
    )

    assert result.returncode == 1
    assert f"{upload}:2: started_on: '2023-02-30' is not a valid date" in result.stderr
