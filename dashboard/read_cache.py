"""A bounded, process-wide cache that no client can empty.

Streamlit's `st.cache_data` and `st.cache_resource` are emptied, for every viewer at once, by
any client that sends a `clear_cache` message over its websocket: one anonymous visitor could
make every other session recompute everything. The read side's caches (the connection per
build and the query results) live here instead, in plain module-level objects that only this
process can clear (`BoundedCache.clear`).

`functools.lru_cache` would do but for one thing: with fifty sessions asking for the same
query right after a rebuild it would run that query fifty times at once. Here the first asker
computes and the others wait for its value, as `st.cache_data` did.

A cache of query results is bounded by bytes, not entries: a browse result is up to 10,000
rows and its key holds the viewer's free-text search, so a count of entries says nothing of
the memory held. `held_bytes` measures a key and its value.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import pandas as pd

V = TypeVar("V")

# What a DataFrame keeps beyond what memory_usage reports (its index, blocks and their
# Python objects): a one-cell frame keeps about 4.5 KB (measured with tracemalloc).
_FRAME_OVERHEAD = 8 * 1024
# The cache's own record of an entry: its ordered-dict link, tuple and lock.
_ENTRY_OVERHEAD = 512


def held_bytes(value: object) -> int:
    """About the bytes `value` keeps, its strings included: frames as pandas measures them
    (deep), containers and dataclasses by their parts. Shared objects count once per use."""
    if isinstance(value, pd.DataFrame | pd.Series):
        usage = value.memory_usage(index=True, deep=True)
        return int(usage.sum() if isinstance(usage, pd.Series) else usage) + _FRAME_OVERHEAD
    if isinstance(value, str | bytes | int | float | bool | None):
        return sys.getsizeof(value)
    if isinstance(value, dict):
        parts = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | set | frozenset):
        parts = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return sys.getsizeof(value)
    return sys.getsizeof(value) + sum(held_bytes(part) for part in parts)


class BoundedCache(Generic[V]):
    """Values dropped least recently used first, past `max_entries` of them or `max_bytes` in
    all (keys and values, by `held_bytes`); with `idle_s`, a value unused for that long is
    dropped too (at the next call, whatever its key). A value larger than `max_bytes` is
    returned but not kept: it would only push every other value out."""

    def __init__(
        self,
        max_entries: int | None = None,
        idle_s: float | None = None,
        *,
        max_bytes: int | None = None,
    ) -> None:
        if max_entries is None and max_bytes is None:
            raise ValueError("a BoundedCache needs max_entries or max_bytes")
        self.max_entries, self.idle_s, self.max_bytes = max_entries, idle_s, max_bytes
        # Least recently used first: (last used, value, bytes held by key and value).
        self._values: OrderedDict[Hashable, tuple[float, V, int]] = OrderedDict()
        self._bytes = 0
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    @property
    def bytes_held(self) -> int:
        """The keys' and values' bytes, by `held_bytes`; counted only when `max_bytes` is set."""
        with self._lock:
            return self._bytes

    def _drop_oldest(self) -> None:
        self._bytes -= self._values.popitem(last=False)[1][2]

    def _over(self) -> bool:
        return (self.max_entries is not None and len(self._values) > self.max_entries) or (
            self.max_bytes is not None and self._bytes > self.max_bytes
        )

    def _fresh(self, key: Hashable) -> tuple[bool, V | None]:
        """(found, value) under self._lock, after dropping every idle entry."""
        now = time.monotonic()
        if self.idle_s is not None:
            # Entries are in order of last use, so the idle ones are all at the front.
            while self._values and now - next(iter(self._values.values()))[0] > self.idle_s:
                self._drop_oldest()
        entry = self._values.get(key)
        if entry is None:
            return False, None
        self._values[key] = (now, entry[1], entry[2])
        self._values.move_to_end(key)
        return True, entry[1]

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value kept for `key`, or `compute()`'s, kept. An exception is not kept."""
        with self._lock:
            found, value = self._fresh(key)
            if found:
                return value  # type: ignore[return-value]
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:  # one computation per key; later askers wait for it
            with self._lock:
                found, value = self._fresh(key)
            if found:
                return value  # type: ignore[return-value]
            try:
                value = compute()
            except BaseException:
                with self._lock:
                    self._computing.pop(key, None)
                raise
            # Measured outside the lock: a large frame takes a moment to measure.
            size = 0 if self.max_bytes is None else held_bytes(key) + held_bytes(value)
            with self._lock:  # stored and released at once: no asker falls in between
                if key in self._values:  # stored meanwhile, after an eviction: replace it
                    self._bytes -= self._values.pop(key)[2]
                if self.max_bytes is None or size + _ENTRY_OVERHEAD <= self.max_bytes:
                    self._values[key] = (time.monotonic(), value, size + _ENTRY_OVERHEAD)
                    self._values.move_to_end(key)
                    self._bytes += size + _ENTRY_OVERHEAD
                    while self._over():
                        self._drop_oldest()
                self._computing.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0
