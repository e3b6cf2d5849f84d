"""A bounded, process-wide cache that no client can empty.

Streamlit's `st.cache_data` and `st.cache_resource` are emptied, for every viewer at once, by
any client that sends a `clear_cache` message over its websocket: one anonymous visitor could
make every other session recompute everything. The read side's caches (the connection per
build and the query results) live here instead, in plain module-level objects that only this
process can clear (`BoundedCache.clear`).

`functools.lru_cache` would do but for one thing: with fifty sessions asking for the same
query right after a rebuild it would run that query fifty times at once. Here the first asker
computes and the others wait for its value, as `st.cache_data` did.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """At most `max_entries` values, least recently used dropped first; with `idle_s`, a value
    unused for that long is dropped too (at the next call, whatever its key)."""

    def __init__(self, max_entries: int, idle_s: float | None = None) -> None:
        self.max_entries, self.idle_s = max_entries, idle_s
        # Least recently used first: (last used, value).
        self._values: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def _fresh(self, key: Hashable) -> tuple[bool, V | None]:
        """(found, value) under self._lock, after dropping every idle entry."""
        now = time.monotonic()
        if self.idle_s is not None:
            # Entries are in order of last use, so the idle ones are all at the front.
            while self._values and now - next(iter(self._values.values()))[0] > self.idle_s:
                self._values.popitem(last=False)
        entry = self._values.get(key)
        if entry is None:
            return False, None
        self._values[key] = (now, entry[1])
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
            with self._lock:  # stored and released at once: no asker falls in between
                self._values[key] = (time.monotonic(), value)
                self._values.move_to_end(key)
                while len(self._values) > self.max_entries:
                    self._values.popitem(last=False)
                self._computing.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
