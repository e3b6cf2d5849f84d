"""The console's results, kept for a few minutes within a budget of bytes.

Not st.cache_data: any client can send Streamlit's clear_cache message, which empties every
st.cache_* for all viewers (and would let one viewer make everyone's queries run again).
This cache belongs to the module, so that message does not reach it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from cachetools import TTLCache

from dashboard.explore.console_fetch import ConsoleResult

CACHE_BYTES = 128 * 2**20
CACHE_TTL_S = 300.0
_ENTRY_OVERHEAD = 1024  # the result's own fields and message, beside its frame


def result_size(result: ConsoleResult) -> int:
    return result.nbytes + _ENTRY_OVERHEAD


class ConsoleCache:
    """Least recently used results first out, past `max_bytes` in all or `ttl_s` of age."""

    def __init__(self, max_bytes: int = CACHE_BYTES, ttl_s: float = CACHE_TTL_S) -> None:
        self._lock = threading.Lock()
        self._results: TTLCache = TTLCache(maxsize=max_bytes, ttl=ttl_s, getsizeof=result_size)

    def get_or_run(self, key: Hashable, run: Callable[[], ConsoleResult]) -> ConsoleResult:
        with self._lock:
            kept = self._results.get(key)
        if kept is not None:
            return kept
        result = run()
        # "Busy" is about that moment, not the query; a result larger than the whole budget
        # would only push every other result out.
        if not result.busy and result_size(result) <= self._results.maxsize:
            with self._lock:
                self._results[key] = result
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
