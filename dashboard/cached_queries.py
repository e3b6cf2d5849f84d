"""The pages' queries: the build each script run reads, pinned, and every result cached.

A run pins one build (`serve_database`, kept in the session for the run), so no page mixes two
builds; `run_query` runs a function of `dashboard.queries` on a cursor of that build's
connection, and both the connection per build and the results live in `read_cache` caches that
no client can empty. Opening the file itself is `database_file`, which needs no Streamlit.

A new build arrives warm: when a process first sees it, the runs keep reading the build they
were reading while a background thread computes, on the new build, the queries this process
was recently asked for (every visited page's first screen among them, with the default
filters most viewers keep); then runs switch to it and find its results cached.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.database_file import (
    BuildReplaced,
    DatabaseUnavailable,
    ServedDatabase,
    backup_path,
    default_db_path,
    file_version,
    open_read_only,
)
from dashboard.filters import Filters
from dashboard.read_cache import BoundedCache

_RUN_KEY = "_database_for_this_run"
_log = logging.getLogger(__name__)

T = TypeVar("T")


# Not st.cache_resource: any client's `clear_cache` message would empty that for everyone.
# A replaced build's instance (about 12 MB) is kept while runs pinned to it may still ask,
# and dropped once unused for a minute; the current build's is simply opened again then.
_CONNECTIONS: BoundedCache[duckdb.DuckDBPyConnection] = BoundedCache(max_entries=4, idle_s=60)
# One cache for every query result, keyed by the query, the build and the arguments, bounded
# by the bytes its keys and results hold: a browse result is up to 10,000 rows, keyed by the
# viewer's free-text search. A page's results take a few hundred kilobytes.
RESULTS_BYTES = 128 * 2**20
_RESULTS: BoundedCache[Any] = BoundedCache(max_bytes=RESULTS_BYTES, idle_s=600)
# What pages build from one build's query results (figures, /present's slides, worded cards
# and lists), by key, build, filters and variant: every page's for each of a few filter
# choices and both deck themes (a figure of a million records' page is some 100-300 kB).
_FIGURES: BoundedCache[Any] = BoundedCache(max_entries=96, idle_s=600)


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
            served = ServedDatabase(_version_to_serve(file_version(path)))
            _connection(served.version)
            break
        except BuildReplaced:
            _stop_serving_the_previous_build()
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
            file_version(backup),
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
    _FIGURES.clear()
    _stop_serving_the_previous_build()


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
    _remember_ask(query, args)
    return copy.deepcopy(_RESULTS.get_or_compute(key, run))


# --- A new build arrives warm ---------------------------------------------------------------

# The queries asked most recently, with their arguments: what a new build is warmed with.
_RECENT_ASKS_KEPT = 64
_recent_asks: OrderedDict[tuple, tuple[Callable[..., Any], tuple]] = OrderedDict()
_builds_lock = threading.Lock()
_builds: dict[str, str | None] = {"served": None, "warming": None, "warm": None}
_warming_threads: list[threading.Thread] = []  # the last one started, for tests to join


def _remember_ask(query: Callable[..., Any], args: tuple) -> None:
    key = (query.__module__, query.__qualname__, args)
    with _builds_lock:
        _recent_asks[key] = (query, args)
        _recent_asks.move_to_end(key)
        while len(_recent_asks) > _RECENT_ASKS_KEPT:
            _recent_asks.popitem(last=False)


def _version_to_serve(current: str) -> str:
    """The build a run pins: `current` once it is warm (or when there is nothing to keep
    serving meanwhile), else the build served so far while `current` warms up."""
    with _builds_lock:
        served = _builds["served"]
        if served is None or served == current or _builds["warm"] == current:
            _builds["served"] = current
            return current
        if _builds["warming"] != current:
            _builds["warming"] = current
            asks = list(_recent_asks.values())
            thread = threading.Thread(
                target=_warm, args=(current, asks), name="warm a new build", daemon=True
            )
            _warming_threads[:] = [thread]
            thread.start()
        return served


def _warm(version: str, asks: list[tuple[Callable[..., Any], tuple]]) -> None:
    """Compute `asks` on `version` into the result cache, then let runs switch to it."""
    try:
        for query, args in asks:

            def run(query=query, args=args) -> Any:
                cursor = _connection(version).cursor()
                try:
                    return query(cursor, *args)
                finally:
                    cursor.close()

            _RESULTS.get_or_compute((query.__module__, query.__qualname__, version, args), run)
    except Exception as exc:  # the runs that switch to a damaged build report it themselves
        _log.warning("warming build %s stopped: %s", version, exc)
    finally:
        with _builds_lock:
            if _builds["warming"] == version:
                _builds["warm"], _builds["warming"] = version, None


def _stop_serving_the_previous_build() -> None:
    """The build served so far is gone (or this process published a new one): runs take the
    current file from now on, warm or not."""
    with _builds_lock:
        _builds["served"] = None


def built_once(
    key: str,
    filters: Filters,
    make: Callable[[], T],
    *,
    language: str,
    variant: tuple[Hashable, ...] = (),
) -> T:
    """`make()`, built once per `key`, build, `filters`, display `language` and `variant`, and
    kept for every visitor of that language.

    Only for a value that is the same for every visitor with these: `make` reads queries of
    this build with these `filters`, writes its words in `language` (required, so that no
    caller can serve one viewer's language to the next), and `variant` holds everything else
    it reads (the deck's slide and theme...). The value is shared: read it, never change it.
    """
    return _FIGURES.get_or_compute((key, database_version(), filters, language, variant), make)


def built_figure(
    key: str,
    filters: Filters,
    draw: Callable[[pd.DataFrame], go.Figure],
    frame: pd.DataFrame,
    *,
    language: str,
    variant: tuple[Hashable, ...] = (),
) -> go.Figure:
    """`draw(frame)`, built once per chart `key`, build, `filters`, `language` and `variant`
    (`built_once`).

    Only for a chart whose `frame`, and everything `draw` reads, come from queries of this
    build with these `filters`, or are in `variant`: charts are pure, so the figure is then the
    same for every visitor, and at a million records building the partners page's three
    figures was most of its script run. The figure is shared: read it, never change it.
    """
    return built_once(key, filters, lambda: draw(frame), language=language, variant=variant)
