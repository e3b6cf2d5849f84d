"""The editors' audit log, `data/audit.csv`: one line per import or undo, never rewritten.

It is not a table of `schema.sql`, so the validator and the build never read it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from pathlib import Path

AUDIT_FILE = "audit.csv"


@dataclass(frozen=True)
class AuditEntry:
    at: str  # ISO 8601, UTC
    editor: str
    action: str  # "import" or "undo" (an undo repeats the figures of the import it reverts)
    table: str
    file_name: str
    file_sha256: str
    rows_added: int
    rows_changed: int


AUDIT_COLUMNS = tuple(f.name for f in fields(AuditEntry))


def with_entry(current: bytes, entry: AuditEntry) -> bytes:
    """The log's bytes with `entry` appended: every existing byte is kept as it was."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    if not current:
        writer.writerow(AUDIT_COLUMNS)
    elif not current.endswith(b"\n"):
        out.write("\n")
    writer.writerow([_inert(value) for value in astuple(entry)])
    return current + out.getvalue().encode("utf-8")


def read_audit(data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / AUDIT_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _inert(value: object) -> object:
    # A file name such as "=HYPERLINK(...).csv" must stay text when the log is opened in a
    # spreadsheet, so a leading formula character is escaped with an apostrophe.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
