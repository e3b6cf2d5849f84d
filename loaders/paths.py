"""Where the data files and the built database live.

`PROGRAMME_DATA_DIR` overrides the data directory (the editors' page and the CLI's default) and
`PROGRAMME_DB` the database, for the loaders and the app alike. Both are read at call time so
tests can point them elsewhere; pointing the data elsewhere does not move the database.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"


def default_data_dir() -> Path:
    return Path(os.environ.get("PROGRAMME_DATA_DIR") or DEFAULT_DATA_DIR)


def default_db_path() -> Path:
    # Read at call time, not import time, so tests and the app can point it elsewhere.
    return Path(os.environ.get("PROGRAMME_DB") or DEFAULT_DATA_DIR / "programme.duckdb")
