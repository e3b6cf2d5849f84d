"""The editors' import and undo: all or nothing, one at a time, each kept and logged.

Confirming an import, under the data directory's lock: the upload is checked again against
the data as it is now (and refused if that is not what the editor reviewed), the table file
is kept in `data/.history/`, then the new CSV file, the audit log and a database built from
exactly those files are swapped in; on any failure every file is put back as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from loaders.audit import AUDIT_FILE, AuditEntry, with_entry
from loaders.build import (
    data_files,
    data_fingerprint,
    publish,
    remove_quietly,
    write_temporary_database,
)
from loaders.import_history import discard, keep_copy, last_import, mark_undone
from loaders.import_lock import import_lock
from loaders.import_preview import ImportPreview, preview_import
from loaders.importer import write_atomically
from loaders.problems import DataError, Problem
from loaders.quote_checks import REFERENCE_FOLDER
from loaders.validation import validate_directory


class ReviewOutdated(Exception):
    """The data or the upload changed between the preview and "Confirm import"."""


class NothingToUndo(Exception):
    """No import is kept, or the last one was already undone."""


def apply_import(
    content: bytes,
    file_name: str,
    table: str,
    data_dir: Path,
    db_path: Path,
    *,
    editor: str,
    sheet: str | None = None,
    reviewed: str | None = None,
) -> ImportPreview:
    """Import an upload with the upsert policy of `import_preview`; returns what was done.

    `reviewed` is the token of the preview the editor confirmed: if the data changed since,
    nothing is written and ReviewOutdated is raised. Raises ImportInProgress when another
    import holds the lock, and DataError when the upload has problems.
    """
    with import_lock(data_dir, f"{editor}, importing {file_name}"):
        preview = preview_import(content, file_name, table, data_dir, sheet=sheet)
        if reviewed is not None and preview.token != reviewed:
            raise ReviewOutdated(
                "The data changed since you reviewed this file (another editor's import?). "
                "Nothing was changed; review the new preview and confirm again."
            )
        if preview.problems:
            raise DataError(list(preview.problems))
        if not preview.can_confirm:
            raise DataError(
                [Problem(file_name, None, None, f"adds nothing new: every row is in {table}")]
            )
        entry = AuditEntry(
            at=_now(),
            editor=editor,
            action="import",
            table=table,
            file_name=file_name,
            file_sha256=preview.file_sha256,
            rows_added=len(preview.added),
            rows_changed=len(preview.changed),
        )
        previous = (data_dir / f"{table}.csv").read_bytes()
        kept = keep_copy(data_dir, previous, entry, _sha256(preview.new_table_file))
        try:
            _replace_and_rebuild(data_dir, db_path, {table: preview.new_table_file}, entry)
        except BaseException:
            discard(kept)
            raise
    return preview


def undo_last_import(data_dir: Path, db_path: Path, *, editor: str) -> AuditEntry:
    """Put the table file back exactly as it was before the last import, and rebuild."""
    with import_lock(data_dir, f"{editor}, undoing the last import"):
        kept = last_import(data_dir)
        if kept is None:
            raise NothingToUndo("There is no import to undo.")
        target = data_dir / f"{kept.entry.table}.csv"
        if _sha256(target.read_bytes()) != kept.after_sha256:
            raise DataError(
                [
                    Problem(
                        str(target),
                        None,
                        None,
                        f"has changed since the import of {kept.entry.file_name} at "
                        f"{kept.entry.at}, so it cannot be undone here; restore it with git",
                    )
                ]
            )
        undo = replace(kept.entry, at=_now(), editor=editor, action="undo")
        _replace_and_rebuild(
            data_dir, db_path, {kept.entry.table: kept.previous_file.read_bytes()}, undo
        )
        mark_undone(kept)
    return undo


def _replace_and_rebuild(
    data_dir: Path, db_path: Path, new_files: dict[str, bytes], entry: AuditEntry
) -> None:
    """Swap in new table files, the audit log with `entry`, and a database built from exactly
    those files; on any failure, put every file back as it was."""
    audit = data_dir / AUDIT_FILE
    audit_before = audit.read_bytes() if audit.exists() else None
    originals = {name: (data_dir / f"{name}.csv").read_bytes() for name in new_files}
    staged_db = _build_from(data_dir, db_path, new_files)
    try:
        for name, content in new_files.items():
            write_atomically(data_dir / f"{name}.csv", content)
        write_atomically(audit, with_entry(audit_before or b"", entry))
        publish(staged_db, db_path)
    except BaseException:
        for name, content in originals.items():
            write_atomically(data_dir / f"{name}.csv", content)
        if audit_before is None:
            audit.unlink(missing_ok=True)
        else:
            write_atomically(audit, audit_before)
        raise
    finally:
        remove_quietly(staged_db)


def _build_from(data_dir: Path, db_path: Path, new_files: dict[str, bytes]) -> Path:
    """Validate data/ as it will be, from a private copy, and build its database beside
    `db_path` (not yet published)."""
    files = {**data_files(data_dir), **new_files}
    with tempfile.TemporaryDirectory(prefix="programme-import-") as staging:
        for name, content in files.items():
            (Path(staging) / f"{name}.csv").write_bytes(content)
        # The sources' texts come along, so quotes are checked exactly as `validate` checks them.
        if (data_dir / REFERENCE_FOLDER).is_dir():
            shutil.copytree(data_dir / REFERENCE_FOLDER, Path(staging) / REFERENCE_FOLDER)
        tables, problems = validate_directory(Path(staging))
        if problems:  # shown as the files they will be
            raise DataError(
                [replace(p, path=p.path.replace(staging, str(data_dir))) for p in problems]
            )
        return write_temporary_database(tables, db_path, data_fingerprint(files))


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
