"""The built database file: where it is, its backup, its version, and opening it read-only.

No Streamlit here, so scripts, the bench and the tests can open a build the way the app does.
Each opened build gets its own DuckDB instance: an in-memory database that ATTACHes the file
read-only. `duckdb.connect(path)` would hand back the instance of a file that has since been
replaced (DuckDB caches instances by path), so a rebuild would go unseen.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The read side never imports the write side (loaders/); both read PROGRAMME_DB the same way.
DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "programme.duckdb"


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


def file_version(path: Path) -> str:
    return f"{path}|{path.stat().st_mtime_ns}"


def open_read_only(
    path: Path | str,
    threads: int = 2,
    *,
    config: Mapping[str, object] | None = None,
    locked: bool = False,
) -> duckdb.DuckDBPyConnection:
    """A DuckDB instance of its own reading the build at `path`, for the app and the console.

    `config` adds settings for the instance (the console's memory cap). `locked` then turns off
    every file and network access and freezes the configuration, so that no query run on the
    connection can reach another file or undo a setting. Access goes off only after the ATTACH,
    which needs it: the ATTACH reads the file.
    """
    con = duckdb.connect(":memory:", config={"threads": threads, **(config or {})})
    try:
        con.execute("ATTACH $path AS programme (READ_ONLY)", {"path": str(path)})
        con.execute("USE programme")
        # With the in-memory catalogue gone, every cursor defaults to the programme database.
        con.execute("DETACH memory")
        con.execute("SELECT count(*) FROM build_info").fetchone()
        # A long query would draw a progress bar on stderr: the server's log, the worker's pipe.
        con.execute("SET enable_progress_bar = false")
        if locked:
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con
