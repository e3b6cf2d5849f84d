"""The app's read-only connection to the built database, and a cursor per query.

Each published build gets its own DuckDB instance: an in-memory database that ATTACHes the
file read-only. `duckdb.connect(path)` would hand back the instance of a file that has since
been replaced (DuckDB caches instances by path), so a rebuild would go unseen.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import streamlit as st

from dashboard.read_cache import BoundedCache

# The read side never imports the write side (loaders/); both read PROGRAMME_DB the same way.
DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "programme.duckdb"
_RUN_KEY = "_database_for_this_run"

T = TypeVar("T")


def default_db_path() -> Path:
    """The built database: `PROGRAMME_DB`, read when called so tests can point it elsewhere."""
    return Path(os.environ.get("PROGRAMME_DB") or DEFAULT_DB_PATH)


def backup_path(path: Path) -> Path:
    """Where `python -m loaders build` keeps the previous good build."""
    return path.with_name(path.name + ".bak")


class DatabaseUnavailable(Exception):
    """The database file is missing or cannot be opened; the message says what to do."""


class BuildReplaced(Exception):
    """The pinned build was replaced before it could be opened; pin the new one."""


@dataclass(frozen=True)
class ServedDatabase:
    """The file a script run reads, pinned for the whole run so no page mixes two builds."""

    version: str  # "<path>|<mtime_ns>": changes with every published build
    notice: str | None = None  # set when serving the backup of a damaged database


def open_read_only(path: Path, threads: int = 2) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"threads": threads})
    try:
        con.execute("ATTACH $path AS programme (READ_ONLY)", {"path": str(path)})
        con.execute("USE programme")
        # With the in-memory catalogue gone, every cursor defaults to the programme database.
        con.execute("DETACH memory")
        con.execute("SELECT count(*) FROM build_info").fetchone()
    except BaseException:
        con.close()
        raise
    return con


# Not st.cache_resource: any client's `clear_cache` message would empty that for everyone.
# A replaced build's instance (about 12 MB) is kept while runs pinned to it may still ask,
# and dropped once unused for a minute; the current build's is simply opened again then.
_CONNECTIONS: BoundedCache[duckdb.DuckDBPyConnection] = BoundedCache(max_entries=4, idle_s=60)
# One bounded cache for every query result, keyed by the query, the build and the arguments.
_RESULTS: BoundedCache[Any] = BoundedCache(max_entries=256, idle_s=600)


def _connection(version: str) -> duckdb.DuckDBPyConnection:
    return _CONNECTIONS.get_or_compute(version, lambda: _open_version(version))


def _open_version(version: str) -> duckdb.DuckDBPyConnection:
    # An evicted connection is not closed here: a query still running on one of its cursors
    # finishes first, and the instance is freed when the last cursor goes.
    path, modified = version.rsplit("|", 1)
    con = open_read_only(Path(path))
    if Path(path).stat().st_mtime_ns != int(modified):
        # A rebuild landed between pinning and opening: never cache it under the old version.
        con.close()
        raise BuildReplaced(version)
    return con


def _version(path: Path) -> str:
    return f"{path}|{path.stat().st_mtime_ns}"


def serve_database() -> ServedDatabase:
    """Pin the database for this script run: the current build, or its backup if damaged."""
    path = default_db_path()
    if not path.exists():
        raise DatabaseUnavailable(
            f"The database {path} has not been built yet. Run `make run` (or "
            "`python -m loaders build`) to build it from data/."
        )
    for _ in range(3):  # a build published mid-pin is simply pinned instead
        try:
            served = ServedDatabase(_version(path))
            _connection(served.version)
            break
        except BuildReplaced:
            continue
        except (duckdb.Error, OSError) as damaged:
            served = _backup_or_raise(path, damaged)
            break
    else:
        raise DatabaseUnavailable(f"The database {path} is being rebuilt repeatedly; reload.")
    st.session_state[_RUN_KEY] = served
    return served


def _backup_or_raise(path: Path, damaged: Exception) -> ServedDatabase:
    reason = " ".join(str(damaged).split())
    backup = backup_path(path)
    try:
        served = ServedDatabase(
            _version(backup),
            f"The database {path.name} is damaged ({reason[:200]}). Showing the previous good "
            f"build instead. Rebuild it with `python -m loaders build`.",
        )
        _connection(served.version)
    except (duckdb.Error, OSError):
        raise DatabaseUnavailable(
            f"The database {path} could not be opened ({reason[:300]}) and there is no usable "
            "previous build. Rebuild it with `python -m loaders build`."
        ) from damaged
    return served


def forget_connections() -> None:
    """Drop cached connections and results, e.g. right after this process published a build."""
    _CONNECTIONS.clear()
    _RESULTS.clear()


def database_version() -> str:
    """The build this run reads (pinned by `serve_database`), or the file's current one."""
    served = st.session_state.get(_RUN_KEY)
    return served.version if served else serve_database().version


def run_query(query: Callable[..., T], *args: Any) -> T:
    """Run a function of `dashboard.queries` through the cache: `run_query(f, filters)`.

    Each caller gets its own copy, as from st.cache_data: a page that changes its frame never
    changes another session's.
    """
    version = database_version()

    def run() -> T:
        cursor = _connection(version).cursor()  # a cursor per query: sessions never share one
        try:
            return query(cursor, *args)
        finally:
            cursor.close()

    key = (query.__module__, query.__qualname__, version, args)
    return copy.deepcopy(_RESULTS.get_or_compute(key, run))
