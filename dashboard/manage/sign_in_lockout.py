"""Failed editor sign-ins, counted per client address and in all, for every server process of a
host: in one SQLite file (WAL mode), so N processes behind a proxy give a guesser no more tries
than one.

Not session state, a Streamlit cache or a process's memory: a reload, a new websocket, any
client's "clear cache" or landing on another process must not start a new count. Every attempt
that fails or is refused is logged with its time and address (and kept, the last
`attempts_kept`, in the same file's `attempts` table, one log for all processes).

The file is `DASHBOARD_SIGN_IN_STATE` when set, else `.sign-in-lockout.sqlite3` beside the
build (`PROGRAMME_DB`); it is created readable by its owner only. Times are wall-clock seconds,
the one clock all processes share.
"""

from __future__ import annotations

import logging
import math
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from dashboard.database_file import default_db_path
from dashboard.manage.client_address import lockout_key

STATE_FILE_ENV = "DASHBOARD_SIGN_IN_STATE"
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockoutRules:
    failures_before_lockout: int = 3  # from this failure on, an address is locked out ...
    first_lockout_seconds: float = 30  # ... for this long, doubling with each further failure
    longest_lockout_seconds: float = 15 * 60
    server_failures: int = 10  # this many failures from any addresses within ...
    server_window_seconds: float = 60  # ... this window lock every address out
    addresses_kept: int = 10_000  # the least recently failed beyond this are forgotten
    forget_after_seconds: float = 24 * 60 * 60  # an address with no failure for this long
    attempts_kept: int = 10_000  # the shared log of failed and refused attempts


RULES = LockoutRules()


@dataclass(frozen=True)
class Wait:
    seconds: int
    scope: Literal["address", "server"]


@dataclass(frozen=True)
class SignInResult:
    signed_in: bool
    wait: Wait | None  # the lockout now in force, if any
    refused_unchecked: bool = False  # locked out: the password was not even compared


def default_state_path() -> Path:
    """`DASHBOARD_SIGN_IN_STATE`, else beside the build; read when first needed."""
    setting = os.environ.get(STATE_FILE_ENV)
    if setting:
        return Path(setting)
    return default_db_path().with_name(".sign-in-lockout.sqlite3")


_SCHEMA = """
CREATE TABLE IF NOT EXISTS address_failures (
    address TEXT PRIMARY KEY,     -- client_address.lockout_key: an IPv4 address or IPv6 /64
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    locked_until REAL NOT NULL,
    recency INTEGER NOT NULL      -- larger is more recent, also between equal times
);
CREATE INDEX IF NOT EXISTS address_failures_by_recency ON address_failures (recency);
CREATE TABLE IF NOT EXISTS recent_failures (at REAL NOT NULL);  -- the last few, any address
CREATE TABLE IF NOT EXISTS attempts (
    at TEXT NOT NULL, address TEXT NOT NULL, outcome TEXT NOT NULL, process INTEGER NOT NULL
);
"""


class SignInLockout:
    """The counts in the SQLite file at `path` (None: `default_state_path()` at first use),
    safe to share between threads and processes; `clock` is wall-clock seconds."""

    def __init__(
        self,
        rules: LockoutRules = RULES,
        clock: Callable[[], float] = time.time,
        *,
        path: Path | None = None,
    ):
        self.rules = rules
        self._clock = clock
        self._path = path
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        self._connection: sqlite3.Connection | None = None

    def wait(self, address: str) -> Wait | None:
        """The lockout in force for `address`, if any."""
        with self._transaction("DEFERRED") as db:
            return self._wait(db, lockout_key(address), self._clock())

    def sign_in(self, address: str, password_is_right: Callable[[], bool]) -> SignInResult:
        """Compare the password (by calling `password_is_right`) unless `address` is locked out,
        and count the outcome; one write transaction, so parallel guesses through any process
        cannot slip past."""
        key = lockout_key(address)
        with self._transaction("IMMEDIATE") as db:
            now = self._clock()
            if wait := self._wait(db, key, now):
                self._log_attempt(db, address, f"refused unchecked, {wait.scope} locked out")
                _log.warning(
                    "editor sign-in refused unchecked at %s from %s: locked out for %d s (%s)",
                    _utc_now(), address, wait.seconds, wait.scope,
                )  # fmt: skip
                return SignInResult(False, wait, refused_unchecked=True)
            if password_is_right():
                db.execute("DELETE FROM address_failures WHERE address = ?", (key,))
                return SignInResult(True, None)
            failures = self._count_failure(db, key, now)
            wait = self._wait(db, key, now)
            self._log_attempt(db, address, f"wrong password, failure {failures}")
        _log.warning(
            "editor sign-in failed at %s from %s: wrong password, failure %d from this address%s",
            _utc_now(), address, failures,
            f"; locked out for {wait.seconds} s ({wait.scope})" if wait else "",
        )  # fmt: skip
        return SignInResult(False, wait)

    def attempts(self) -> list[tuple[str, str, str, int]]:
        """The shared log, oldest first: (UTC time, address, outcome, process id)."""
        with self._transaction("DEFERRED") as db:
            return db.execute("SELECT * FROM attempts ORDER BY rowid").fetchall()

    @contextmanager
    def _transaction(self, kind: Literal["DEFERRED", "IMMEDIATE"]) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._open()
            db.execute(f"BEGIN {kind}")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            path = self._path or default_state_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            # Addresses are personal data: the owner only (SQLite gives its -wal and -shm
            # files the same mode).
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
            # timeout: how long a process waits for another's write transaction to end.
            db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            self._connection = db
        return self._connection

    def _count_failure(self, db: sqlite3.Connection, key: str, now: float) -> int:
        rules = self.rules
        db.execute(
            "DELETE FROM address_failures WHERE last_failure <= ?",
            (now - rules.forget_after_seconds,),
        )
        row = db.execute(
            "SELECT failures FROM address_failures WHERE address = ?", (key,)
        ).fetchone()
        failures = (row[0] if row else 0) + 1
        locked_until = 0.0
        if failures >= rules.failures_before_lockout:
            doublings = failures - rules.failures_before_lockout
            # min() before the power: 2**doublings grows without bound for a patient attacker.
            seconds = rules.first_lockout_seconds * 2 ** min(doublings, 64)
            locked_until = now + min(seconds, rules.longest_lockout_seconds)
        db.execute(
            "INSERT OR REPLACE INTO address_failures VALUES (?, ?, ?, ?, "
            "(SELECT coalesce(max(recency), 0) + 1 FROM address_failures))",
            (key, failures, now, locked_until),
        )
        db.execute(
            "DELETE FROM address_failures WHERE recency <= (SELECT recency FROM address_failures"
            " ORDER BY recency DESC LIMIT 1 OFFSET ?)",
            (rules.addresses_kept,),
        )
        db.execute("INSERT INTO recent_failures VALUES (?)", (now,))
        db.execute(
            "DELETE FROM recent_failures WHERE rowid <= (SELECT rowid FROM recent_failures"
            " ORDER BY rowid DESC LIMIT 1 OFFSET ?)",
            (rules.server_failures,),
        )
        return failures

    def _wait(self, db: sqlite3.Connection, key: str, now: float) -> Wait | None:
        rules = self.rules
        row = db.execute(
            "SELECT last_failure, locked_until FROM address_failures WHERE address = ?", (key,)
        ).fetchone()
        address_seconds = 0
        if row and now - row[0] < rules.forget_after_seconds:
            address_seconds = math.ceil(row[1] - now)
        # The server is locked while the last `server_failures` failures lie within the window.
        oldest_of_last = db.execute(
            "SELECT at FROM recent_failures ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            (rules.server_failures - 1,),
        ).fetchone()
        server_seconds = 0
        if oldest_of_last:
            server_seconds = math.ceil(oldest_of_last[0] + rules.server_window_seconds - now)
        if max(address_seconds, server_seconds) <= 0:
            return None
        if address_seconds >= server_seconds:
            return Wait(address_seconds, "address")
        return Wait(server_seconds, "server")

    def _log_attempt(self, db: sqlite3.Connection, address: str, outcome: str) -> None:
        db.execute(
            "INSERT INTO attempts VALUES (?, ?, ?, ?)", (_utc_now(), address, outcome, os.getpid())
        )
        db.execute(
            "DELETE FROM attempts WHERE rowid <= (SELECT rowid FROM attempts"
            " ORDER BY rowid DESC LIMIT 1 OFFSET ?)",
            (self.rules.attempts_kept,),
        )


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# The host's one lockout: every session of /manage in every process reads and counts here.
EDITOR_SIGN_INS = SignInLockout()
