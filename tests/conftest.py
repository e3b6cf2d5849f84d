"""Shared fixtures: the fixture database, built by the real loaders from tests/fixtures/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import build

FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "fixture.duckdb"
    build(FIXTURE_DATA, path)
    return path
