"""The hostile data set: valid data, and the fixture data with only the listed cells changed."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from tests.support.hostile import HOSTILE_CELLS, HOSTILE_DATA
from tests.support.paths import FIXTURE_DATA, REPO_ROOT


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as file:
        header, *body = list(csv.reader(file))
    return header, body


def test_the_hostile_data_is_the_fixture_data_with_only_the_listed_cells_changed():
    fixture_files = sorted(p.name for p in FIXTURE_DATA.glob("*.csv"))
    assert sorted(p.name for p in HOSTILE_DATA.glob("*.csv")) == fixture_files
    changed = {}
    for name in fixture_files:
        (header, plain), (hostile_header, hostile) = (
            rows(FIXTURE_DATA / name),
            rows(HOSTILE_DATA / name),
        )
        assert header == hostile_header and len(plain) == len(hostile), name
        for before, after in zip(plain, hostile, strict=True):
            # Keyed by the fixture's record id (the first column), as HOSTILE_CELLS is.
            changed |= {
                (Path(name).stem, before[0], column): new
                for column, old, new in zip(header, before, after, strict=True)
                if old != new
            }
    assert changed == HOSTILE_CELLS


def test_the_hostile_data_passes_the_validator():
    # Hostile text is allowed in names and titles; it is the app's job to show it as text.
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "validate", "--data", str(HOSTILE_DATA)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
