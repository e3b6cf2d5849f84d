"""The console's DuckDB connection: the programme database attached READ_ONLY, no file or
network access, no extensions, memory and threads capped, and the configuration locked."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dashboard.database_file import open_read_only

# DuckDB's own budget for what its buffer manager tracks (hash tables, sorts, materialised
# results). Strings and lists built inside one vector are not tracked: the worker's process
# ceiling (console_worker.WORKER_MEMORY) bounds those.
MEMORY_LIMIT = "256MB"
# One thread: two would hold two vectors at once, and the programme database is small.
THREADS = 1
CONSOLE_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "memory_limit": MEMORY_LIMIT,
    "temp_directory": "",  # never spill to disk (the default .tmp/ would be writable)
}


def open_console(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """A private, locked-down DuckDB instance reading `db_path`; close it after one query.

    The app already holds the file open with DuckDB's default settings, and DuckDB refuses a
    second `connect()` to the same file with other settings in one process. So this instance
    is in memory and attaches the file READ_ONLY, detaches its own writable catalog, and only
    then turns external access off and locks the configuration (`open_read_only`, the app's
    own way of opening a build).
    """
    return open_read_only(db_path, THREADS, config=CONSOLE_CONFIG, locked=True)
