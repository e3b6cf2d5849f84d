"""Fixtures for the loader tests: a private copy of the fixture data, a database built from it
with the real loaders, the CLI run in-process, and a snapshot of a directory's bytes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from loaders.__main__ import main
from tests.support.data_files import (
    append_lines,
    csv_header,
    directory_snapshot,
    records_in,
    write_workbook,
)
from tests.support.loader_cli import CliResult
from tests.support.paths import FIXTURE_DATA, REPO_ROOT


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


@pytest.fixture
def built_db(data_dir: Path, db_path: Path, fixture_db: Path) -> Path:
    """A database built from `data_dir`'s data, at `db_path`: a copy of the session's one
    build of the fixture data, since the loader tests change it."""
    shutil.copyfile(fixture_db, db_path)
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


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, str]]:
    return directory_snapshot


@pytest.fixture(scope="session")
def fixture_row_counts() -> dict[str, int]:
    """Rows per table in tests/fixtures/data, e.g. {"events": 4, ...}."""
    return {path.stem: records_in(path) for path in sorted(FIXTURE_DATA.glob("*.csv"))}


@pytest.fixture
def append_rows() -> Callable[..., list[int]]:
    """append_rows(path, "a,b,c", ...) adds lines to a CSV file and returns their line numbers."""
    return append_lines


@pytest.fixture
def header_of() -> Callable[[str], list[str]]:
    """The header row of a table's fixture file, e.g. header_of("events")."""
    return csv_header


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    """Write an .xlsx file under tmp_path: workbook("name.xlsx", {"Sheet": [[...], ...]})."""

    def make(name: str, sheets: dict[str, list[list[object]]]) -> Path:
        return write_workbook(tmp_path / name, sheets)

    return make
