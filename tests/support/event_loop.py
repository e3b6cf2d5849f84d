"""Running a coroutine from a test, whatever else the test session has started.

Playwright's sync API (the session-wide `playwright` fixture of tests/conftest.py) keeps an
event loop running in the main thread once any browser test has used it, and `asyncio.run`
refuses to start a second one there. The tests that speak Streamlit's protocol
(bench/streamlit_protocol.py) run their coroutine on a thread of its own instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run(coroutine)` on a new thread, its result or exception passed back."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-event-loop") as pool:
        return pool.submit(asyncio.run, coroutine).result()
