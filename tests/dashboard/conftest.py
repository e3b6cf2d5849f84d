from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard.filters import Filters
from dashboard.queries.overview import filter_options


@pytest.fixture
def con(fixture_db: Path):
    connection = duckdb.connect(str(fixture_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def everything(con) -> Filters:
    return Filters.everything(filter_options(con))
