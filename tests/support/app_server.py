"""The app served for the tests: `bench.streamlit_server`, the one launcher, on a database built
by the real loaders.

Shared by the browser and security fixtures, the operations tests and `take_screenshots.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.streamlit_server import streamlit_server
from loaders import build


def build_database(data_dir: Path, db_path: Path) -> Path:
    """The one build path: `loaders.build`, exactly as `make build` runs it."""
    build(data_dir, db_path)
    return db_path


@contextmanager
def running_app(db_path: Path, log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Serve `app.py` against `db_path`, its output in `log`, with `env` added to the
    environment; yields the base URL."""
    with streamlit_server("app.py", {"PROGRAMME_DB": str(db_path), **(env or {})}, log=log) as (
        url,
        _,
    ):
        yield url
