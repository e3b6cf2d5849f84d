"""Building the database from checked tables: into a temporary file, then renamed atomically."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from loaders.date_order import placed_dates
from loaders.problems import DataError, Problem
from loaders.table_specs import schema_sql, table_specs
from loaders.validation import CheckedTable, validate_directory


def build(data_dir: Path, db_path: Path) -> dict[str, int]:
    """Validate `data_dir` and publish a new database at `db_path`; returns rows per table.

    On any problem the previous database is left byte-identical and no file is left behind.
    """
    tables, problems = validate_directory(data_dir)
    if problems:
        raise DataError(problems)
    temporary = write_temporary_database(tables, db_path, data_fingerprint(data_files(data_dir)))
    publish(temporary, db_path)
    return {name: len(table.rows) for name, table in tables.items()}


_BUILDING = threading.Lock()


def build_if_missing(data_dir: Path, db_path: Path) -> bool:
    """Build the database when there is none (one build at a time); True if it built one."""
    with _BUILDING:
        if db_path.exists():
            return False
        build(data_dir, db_path)
        return True


def data_files(data_dir: Path) -> dict[str, bytes]:
    return {name: (data_dir / f"{name}.csv").read_bytes() for name in table_specs()}


def data_fingerprint(files: dict[str, bytes]) -> str:
    """SHA-256 over every table file, so a build can be traced to the exact data it came from."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def write_temporary_database(
    tables: dict[str, CheckedTable], db_path: Path, fingerprint: str
) -> Path:
    """Write every table into a new file beside `db_path` and return its path."""
    # Beside the target, so the final rename stays on one file system and is atomic. The pid
    # in the name lets a later build remove what a killed build left behind.
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}-{uuid.uuid4().hex}.tmp")
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(db_path)
        con = duckdb.connect(str(temporary))
        try:
            con.execute(schema_sql())
            # Partial dates sort no earlier than the start of what they belong to.
            for name, table in placed_dates(tables).items():
                _insert_rows(con, name, table)
            latest = tables["sources"].rows and max(
                (
                    r.values["published_on"]
                    for r in tables["sources"].rows
                    if r.values["published_on"]
                ),
                default=None,
            )
            con.execute(
                "INSERT INTO build_info VALUES (?, ?, ?, ?)",
                [uuid.uuid4().hex, datetime.now(UTC), fingerprint, latest or None],
            )
            con.execute("CHECKPOINT")
        finally:
            con.close()
        _sync_file(temporary)
    except BaseException as exc:
        remove_quietly(temporary)
        if isinstance(exc, (duckdb.Error, OSError)):
            raise DataError(
                [Problem(str(db_path), None, None, f"could not be built: {exc}")]
            ) from exc
        raise
    return temporary


def _insert_rows(con: duckdb.DuckDBPyConnection, name: str, table: CheckedTable) -> None:
    if not table.rows:
        return
    columns = [c.name for c in table.spec.columns]
    # Table and column names come from schema.sql, never from a data file.
    placeholders = ", ".join("?" for _ in columns)
    con.executemany(
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({placeholders})",
        [[row.values[c] for c in columns] for row in _parents_first(table)],
    )


def _parents_first(table: CheckedTable) -> list:
    """Rows in an order DuckDB accepts: a row referring to its own table after its parent."""
    self_refs = [fk for fk in table.spec.foreign_keys if fk.table == table.spec.name]
    if not self_refs:
        return table.rows
    key = table.spec.primary_key
    pending, ordered, placed = list(table.rows), [], set()
    while pending:
        ready = [
            row
            for row in pending
            if all(
                None in (parent := tuple(row.values[c] for c in fk.columns)) or parent in placed
                for fk in self_refs
            )
        ]
        if not ready:  # a cycle: let DuckDB name it
            return ordered + pending
        ordered += ready
        placed |= {tuple(row.values[c] for c in key) for row in ready}
        ready_ids = {id(row) for row in ready}
        pending = [row for row in pending if id(row) not in ready_ids]
    return ordered


def publish(temporary: Path, db_path: Path) -> None:
    """Rename a finished build over the served database in one atomic step.

    The build it replaces stays as `<db>.bak` if it still opens, for readers to fall back on.
    """
    previous = None
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        previous = _link_previous_build(db_path)
        os.replace(temporary, db_path)
        if previous is not None:
            os.replace(previous, backup_path(db_path))
        _sync_directory(db_path.parent)
    except OSError as exc:
        remove_quietly(temporary)
        if previous is not None:
            remove_quietly(previous)
        raise DataError(
            [Problem(str(db_path), None, None, f"could not be replaced: {exc}")]
        ) from exc


def backup_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".bak")


def _link_previous_build(db_path: Path) -> Path | None:
    """A second name for the served build, so it survives the rename; None if unusable."""
    if not db_path.exists() or not _opens(db_path):
        return None  # a damaged file is never kept as the fallback
    staged = db_path.with_name(f".{db_path.name}.{os.getpid()}-{uuid.uuid4().hex}.tmp")
    os.link(db_path, staged)  # a hard link costs no copy
    return staged


def _opens(db_path: Path) -> bool:
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return False
    try:
        return con.execute("SELECT count(*) FROM build_info").fetchone()[0] == 1
    except duckdb.Error:
        return False
    finally:
        con.close()


def remove_stale_temporaries(db_path: Path) -> None:
    """Delete temporary builds whose process is gone (killed mid-build)."""
    for leftover in db_path.parent.glob(f".{db_path.name}.*-*.tmp*"):
        pid = leftover.name.removeprefix(f".{db_path.name}.").split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_quietly(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
