"""Kept copies for "Undo last import": `data/.history/<time>/` holds a table file as it was
before an import, and what the import was. Git-ignored; undone imports keep their folder,
renamed `<time>.undone`."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from loaders.audit import AuditEntry

HISTORY_DIR = ".history"
MANIFEST = "import.json"
UNDONE = ".undone"


@dataclass(frozen=True)
class KeptCopy:
    directory: Path
    entry: AuditEntry  # the import, as the audit log records it
    after_sha256: str  # the table file's SHA-256 right after the import

    @property
    def previous_file(self) -> Path:
        return self.directory / f"{self.entry.table}.csv"


def keep_copy(data_dir: Path, previous: bytes, entry: AuditEntry, after_sha256: str) -> KeptCopy:
    """Save the table file as it is before `entry`'s import; complete or not there at all."""
    history = data_dir / HISTORY_DIR
    history.mkdir(exist_ok=True)
    stamp = datetime.fromisoformat(entry.at).strftime("%Y%m%dT%H%M%S%fZ")  # sorts by time
    partial = history / f".{stamp}.{uuid.uuid4().hex}.partial"
    partial.mkdir()
    try:
        (partial / f"{entry.table}.csv").write_bytes(previous)
        (partial / MANIFEST).write_text(
            json.dumps({"entry": asdict(entry), "after_sha256": after_sha256}, indent=1),
            encoding="utf-8",
        )
        final = history / stamp
        os.rename(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return KeptCopy(final, entry, after_sha256)


def last_import(data_dir: Path) -> KeptCopy | None:
    """The newest import not yet undone, or None."""
    history = data_dir / HISTORY_DIR
    if not history.is_dir():
        return None
    # Partial copies start with "." and undone ones end with ".undone": neither counts.
    kept = sorted(p for p in history.iterdir() if p.is_dir() and "." not in p.name)
    if not kept:
        return None
    manifest = json.loads((kept[-1] / MANIFEST).read_text(encoding="utf-8"))
    return KeptCopy(kept[-1], AuditEntry(**manifest["entry"]), manifest["after_sha256"])


def mark_undone(copy: KeptCopy) -> None:
    os.rename(copy.directory, copy.directory.with_name(copy.directory.name + UNDONE))


def discard(copy: KeptCopy) -> None:
    """Forget a copy whose import was rolled back: there is nothing to undo."""
    shutil.rmtree(copy.directory, ignore_errors=True)
