"""The console's results, kept for a few minutes within a budget of bytes.

Not st.cache_data: any client can send Streamlit's clear_cache message, which empties every
st.cache_* for all viewers (and would let one viewer make everyone's queries run again).
This cache belongs to the module, so that message does not reach it.

An entry is keyed by a digest of the query's text, never the text itself, and counted by what
it holds: its key, its frame as pandas measures it (text included) and its messages. Refusals
and "busy" answers are not kept: they cost nothing to give again, and a viewer could otherwise
fill the cache with them.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable

from cachetools import TTLCache

from dashboard.explore.console_fetch import ConsoleResult

CACHE_BYTES = 128 * 2**20
CACHE_TTL_S = 300.0
# The result object, its frame's own bookkeeping (index, blocks) and the cache's links: a
# one-cell result keeps 4.5 KB beyond what memory_usage reports (measured with tracemalloc).
_ENTRY_OVERHEAD = 8 * 1024

Key = tuple[str, str]


def result_key(sql: str, version: str) -> Key:
    """A key of fixed size for any text: the SHA-256 of the query, and the build it read."""
    return hashlib.sha256(sql.encode("utf-8", "surrogatepass")).hexdigest(), version


def entry_size(key: Key, result: ConsoleResult) -> int:
    """The bytes an entry keeps: key, frame (deep: every string), messages, and overhead."""
    frame_bytes = int(result.frame.memory_usage(index=True, deep=True).sum())
    texts = (*key, result.error or "", result.limit)
    return frame_bytes + sum(sys.getsizeof(text) for text in texts) + _ENTRY_OVERHEAD


class ConsoleCache:
    """Least recently used results first out, past `max_bytes` in all or `ttl_s` of age."""

    def __init__(self, max_bytes: int = CACHE_BYTES, ttl_s: float = CACHE_TTL_S) -> None:
        self._lock = threading.Lock()
        # Each value is (result, its entry size), measured once when it is stored.
        self._results: TTLCache = TTLCache(
            maxsize=max_bytes, ttl=ttl_s, getsizeof=lambda entry: entry[1]
        )

    def get_or_run(self, sql: str, version: str, run: Callable[[], ConsoleResult]) -> ConsoleResult:
        """The result kept for `sql` on build `version`, or `run()`'s, kept if worth keeping."""
        key = result_key(sql, version)
        with self._lock:
            kept = self._results.get(key)
        if kept is not None:
            return kept[0]
        result = run()
        if result.busy or result.refused:
            return result
        size = entry_size(key, result)
        # A result larger than the whole budget would only push every other result out.
        if size <= self._results.maxsize:
            with self._lock:
                self._results[key] = (result, size)
        return result

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    @property
    def bytes_held(self) -> int:
        with self._lock:
            return int(self._results.currsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._results)


CONSOLE_RESULTS = ConsoleCache()
