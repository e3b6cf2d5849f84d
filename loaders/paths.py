"""Where the data files and the built database live; `PROGRAMME_DB` overrides the database."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"


def default_db_path() -> Path:
    # Read at call time, not import time, so tests and the app can point it elsewhere.
    return Path(os.environ.get("PROGRAMME_DB") or DEFAULT_DATA_DIR / "programme.duckdb")
