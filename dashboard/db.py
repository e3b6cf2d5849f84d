"""The app's one read-only connection to the built database, and a cursor per query."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from loaders.paths import default_db_path


class DatabaseUnavailable(Exception):
    """The database file is missing or cannot be opened; the message says what to do."""


@st.cache_resource(max_entries=4)
def _connection(path: str, modified_ns: int) -> duckdb.DuckDBPyConnection:
    # Keyed by modification time so a rebuilt file (an atomic rename) gets a fresh connection.
    return duckdb.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection:
    path = default_db_path()
    try:
        modified = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DatabaseUnavailable(
            f"The database {path} has not been built yet. Run `make run` (or "
            "`python -m loaders build`) to build it from data/."
        ) from None
    try:
        return _connection(str(path), modified)
    except duckdb.Error as exc:
        raise DatabaseUnavailable(
            f"The database {path} could not be opened ({' '.join(str(exc).split())}). "
            "Rebuild it with `python -m loaders build`."
        ) from exc


def query(sql: str, params: dict | list | None = None, path: Path | None = None) -> pd.DataFrame:
    """Run one parameterised query on its own cursor, so sessions do not share one."""
    cursor = connection().cursor()
    try:
        return cursor.execute(sql, params or []).df()
    finally:
        cursor.close()
