"""The app's one read-only connection to the built database, and a cursor per query."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

# The read side never imports the write side (loaders/); both read PROGRAMME_DB the same way.
DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "programme.duckdb"

T = TypeVar("T")


def default_db_path() -> Path:
    """The built database: `PROGRAMME_DB`, read when called so tests can point it elsewhere."""
    return Path(os.environ.get("PROGRAMME_DB") or DEFAULT_DB_PATH)


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


def forget_connections() -> None:
    """Drop the cached connections and results; call it after publishing a new build.

    Keying by mtime alone is not enough: while any connection to the replaced file is open,
    `duckdb.connect(path)` hands back that file's instance, and with it the old data.
    """
    _connection.clear()
    _cached_result.clear()


def database_version() -> str:
    """Changes whenever a new build is published, so cached results never outlive their file."""
    path = default_db_path()
    try:
        return f"{path}:{path.stat().st_mtime_ns}"
    except FileNotFoundError:
        return f"{path}:missing"


# One bounded cache for every query result, keyed by the query, the build and the arguments.
@st.cache_data(ttl=600, max_entries=256, show_spinner=False)
def _cached_result(module: str, name: str, version: str, args: tuple) -> Any:
    query = getattr(importlib.import_module(module), name)
    cursor = connection().cursor()  # a cursor per query: sessions never share one
    try:
        return query(cursor, *args)
    finally:
        cursor.close()


def run_query(query: Callable[..., T], *args: Any) -> T:
    """Run a function of `dashboard.queries` through the cache: `run_query(f, filters)`."""
    return _cached_result(query.__module__, query.__name__, database_version(), args)
