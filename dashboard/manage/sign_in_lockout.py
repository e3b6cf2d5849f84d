"""Failed editor sign-ins, counted for the whole server process per client address and in all.

Kept at module level, not in session state or a Streamlit cache: a reload, a new websocket or
any client's "clear cache" must not start a new count. Every failure is logged with its time
and address.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

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


@dataclass
class _AddressFailures:
    count: int
    last: float
    locked_until: float


class SignInLockout:
    """The counts, safe to share between sessions' threads; `clock` is monotonic seconds."""

    def __init__(self, rules: LockoutRules = RULES, clock: Callable[[], float] = time.monotonic):
        self.rules = rules
        self._clock = clock
        self._lock = threading.Lock()
        self._by_address: OrderedDict[str, _AddressFailures] = OrderedDict()  # oldest first
        self._recent: deque[float] = deque(maxlen=rules.server_failures)

    def wait(self, address: str) -> Wait | None:
        """The lockout in force for `address`, if any."""
        with self._lock:
            return self._wait(_key(address), self._clock())

    def sign_in(self, address: str, password_is_right: Callable[[], bool]) -> SignInResult:
        """Compare the password (by calling `password_is_right`) unless `address` is locked out,
        and count the outcome; one step under the lock, so parallel guesses cannot slip past."""
        key = _key(address)
        with self._lock:
            now = self._clock()
            if wait := self._wait(key, now):
                _log.warning(
                    "editor sign-in refused unchecked at %s from %s: locked out for %d s (%s)",
                    _utc_now(), address, wait.seconds, wait.scope,
                )  # fmt: skip
                return SignInResult(False, wait, refused_unchecked=True)
            if password_is_right():
                self._by_address.pop(key, None)
                return SignInResult(True, None)
            failures = self._count_failure(key, now)
            wait = self._wait(key, now)
        _log.warning(
            "editor sign-in failed at %s from %s: wrong password, failure %d from this address%s",
            _utc_now(), address, failures,
            f"; locked out for {wait.seconds} s ({wait.scope})" if wait else "",
        )  # fmt: skip
        return SignInResult(False, wait)

    def _count_failure(self, key: str, now: float) -> int:
        rules = self.rules
        self._forget_old(now)
        record = self._by_address.pop(key, None) or _AddressFailures(0, now, 0.0)
        record.count += 1
        record.last = now
        if record.count >= rules.failures_before_lockout:
            doublings = record.count - rules.failures_before_lockout
            # min() before the power: 2**doublings grows without bound for a patient attacker.
            seconds = rules.first_lockout_seconds * 2 ** min(doublings, 64)
            record.locked_until = now + min(seconds, rules.longest_lockout_seconds)
        self._by_address[key] = record  # now the most recent
        while len(self._by_address) > rules.addresses_kept:
            self._by_address.popitem(last=False)
        self._recent.append(now)
        return record.count

    def _forget_old(self, now: float) -> None:
        horizon = now - self.rules.forget_after_seconds
        while self._by_address:
            oldest = next(iter(self._by_address.values()))
            if oldest.last > horizon:
                break
            self._by_address.popitem(last=False)

    def _wait(self, key: str, now: float) -> Wait | None:
        record = self._by_address.get(key)
        if record and now - record.last >= self.rules.forget_after_seconds:
            record = None
        address_seconds = math.ceil(record.locked_until - now) if record else 0
        server_seconds = 0
        if len(self._recent) == self._recent.maxlen:
            server_seconds = math.ceil(self._recent[0] + self.rules.server_window_seconds - now)
        if max(address_seconds, server_seconds) <= 0:
            return None
        if address_seconds >= server_seconds:
            return Wait(address_seconds, "address")
        return Wait(server_seconds, "server")


def _key(address: str) -> str:
    """One count per IPv4 address, and per IPv6 /64: one host usually holds a whole /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# The process's one lockout: every session of /manage reads and counts here.
EDITOR_SIGN_INS = SignInLockout()
