"""One import at a time per data directory: an exclusive lock on `data/.import.lock`.

The lock is an `flock` on the file, so the kernel drops it when its holder exits, crashed or
not: a lock file left behind by a dead process never blocks the next import. The file holds
who took the lock and when, for the message the next editor sees.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

LOCK_FILE = ".import.lock"


class ImportInProgress(Exception):
    """Another import or undo holds the lock; the message says who and since when."""


@contextlib.contextmanager
def import_lock(data_dir: Path, holder: str) -> Iterator[None]:
    """Hold the data directory's import lock, or raise ImportInProgress at once (no waiting)."""
    path = data_dir / LOCK_FILE
    fd = _acquire(path)
    try:
        os.ftruncate(fd, 0)
        os.write(
            fd,
            json.dumps(
                {"holder": holder, "pid": os.getpid(), "since": datetime.now(UTC).isoformat()}
            ).encode(),
        )
        yield
    finally:
        # Unlinked while still locked: a process that opened the old file then finds it is no
        # longer the lock file (see _acquire) and tries again on a new one.
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        os.close(fd)


def _acquire(path: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ImportInProgress(_in_progress_message(path)) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            if os.fstat(fd).st_ino == path.stat().st_ino:
                return fd
        except FileNotFoundError:
            pass
        # The holder released and removed the file between our open and our lock: retry.
        os.close(fd)


def _in_progress_message(path: Path) -> str:
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
        since = datetime.fromisoformat(held["since"]).strftime("%H:%M:%S UTC")
        who = f" ({held['holder']}, since {since})"
    except (OSError, ValueError, KeyError, TypeError):
        who = ""  # the holder has not written its note yet
    return f"Another import is in progress{who}. Nothing was changed; try again in a moment."
