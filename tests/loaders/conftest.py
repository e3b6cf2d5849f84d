"""Fixtures for the loader tests: a private copy of the fixture data, a database built from it
with the real loaders, the CLI run in-process, and a snapshot of a directory's bytes."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from loaders.__main__ import main
from loaders.build import build

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE_DATA = REPO_ROOT / "tests" / "fixtures" / "data"


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def problem_lines(self) -> list[str]:
        """The problems printed on stderr, without the closing 'N problem(s)' summary."""
        return [
            line for line in self.stderr.splitlines() if not line.endswith("nothing was changed")
        ]


@pytest.fixture(autouse=True)
def _never_the_real_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A test that forgets --db must not rebuild the repository's own data/programme.duckdb.
    monkeypatch.setenv("PROGRAMME_DB", str(tmp_path / "forgotten-db.duckdb"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/data that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, target)
    return target


@pytest.fixture
def db_path(data_dir: Path) -> Path:
    # Beside the CSV files, as data/programme.duckdb is, so one snapshot covers both.
    return data_dir / "programme.duckdb"


@pytest.fixture(scope="session")
def fixture_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture data built once by the real loaders; each test gets its own copy."""
    path = tmp_path_factory.mktemp("fixture-database") / "programme.duckdb"
    build(FIXTURE_DATA, path)
    return path


@pytest.fixture
def built_db(data_dir: Path, db_path: Path, fixture_database: Path) -> Path:
    """A database built from `data_dir`'s data, at `db_path`."""
    shutil.copyfile(fixture_database, db_path)
    return db_path


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `python -m loaders ARGS` in-process and return its exit code and output."""

    def run(*args: object) -> CliResult:
        capsys.readouterr()
        exit_code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return CliResult(exit_code, out, err)

    return run


@pytest.fixture
def run_real_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m loaders ARGS` as its own process, to see the exit status a shell sees."""

    def run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "loaders", *(str(a) for a in args)],
            cwd=REPO_ROOT,
            env={**os.environ, **(env or {})},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def directory_snapshot(directory: Path) -> dict[str, str]:
    """Every file in `directory`, hidden ones included, with the SHA-256 of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if p.is_file()
    }


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, str]]:
    return directory_snapshot


def records_in(path: Path) -> int:
    """Data records in a CSV file, counted by the csv module rather than by the loaders."""
    with path.open(encoding="utf-8", newline="") as f:
        return sum(1 for row in csv.reader(f) if any(cell.strip() for cell in row)) - 1


@pytest.fixture(scope="session")
def fixture_row_counts() -> dict[str, int]:
    """Rows per table in tests/fixtures/data, e.g. {"events": 4, ...}."""
    return {path.stem: records_in(path) for path in sorted(FIXTURE_DATA.glob("*.csv"))}


def append_lines(path: Path, *lines: str) -> list[int]:
    """Append rows to a CSV file; return the line number each one lands on."""
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    first = text.count("\n") + 1
    path.write_text(text + "".join(line + "\n" for line in lines), encoding="utf-8")
    return list(range(first, first + len(lines)))


@pytest.fixture
def append_rows() -> Callable[..., list[int]]:
    """append_rows(path, "a,b,c", ...) adds lines to a CSV file and returns their line numbers."""
    return append_lines


def csv_header(table: str) -> list[str]:
    return (FIXTURE_DATA / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


@pytest.fixture
def header_of() -> Callable[[str], list[str]]:
    """The header row of a table's fixture file, e.g. header_of("events")."""
    return csv_header


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    """Write an .xlsx file under tmp_path: workbook("name.xlsx", {"Sheet": [[...], ...]})."""

    def make(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        return write_workbook(tmp_path / name, sheets)

    return make
