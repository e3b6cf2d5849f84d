"""What the benchmarks load: the two floors, the pages with the floor each is held to, the data."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.streamlit_server import REPO
from bench.synthetic import generate

BARE = "bare"
FILTERS = "bare + filters"
TABLE = "bare + filters + table"
# Each floor: the script served, the path asked for.
FLOORS = {
    BARE: ("bench/baseline_app.py", "/"),
    FILTERS: ("bench/floor_app.py", "/"),
    TABLE: ("bench/floor_app.py", "/?table=1"),
}
# Each page: its path, the Plotly charts it draws once loaded, and the floor it is held to
# (a page that draws a list of records on its first screen is held to the floor with a table).
PAGES = {
    "overview": ("/", 1, FILTERS),
    "partners": ("/partners", 3, TABLE),
    "working groups": ("/working-groups", 2, TABLE),
    "events": ("/events", 2, TABLE),
    "releases": ("/releases", 2, TABLE),
    "present": ("/present", 1, FILTERS),
    "explore": ("/explore", 0, TABLE),
}


def prepare_databases(scales: list[str], work: Path) -> dict[str, Path]:
    """The shipped data built afresh, and each synthetic scale (kept in `work` if given)."""
    databases = {}
    for scale in scales:
        db = work / f"scale-{scale}.duckdb"
        if scale == "shipped":
            subprocess.run(
                [sys.executable, "-m", "loaders", "build", "--db", str(db)],
                cwd=REPO,
                check=True,
                capture_output=True,
            )
        elif not db.exists():
            print(f"generating {scale} records ...", file=sys.stderr)
            generate(db, int(scale), seed=1)
        databases[scale] = db
    return databases


def tables_drawn(floor: str) -> int:
    """The tables a page held to `floor` draws on its first screen (the grid a person waits for)."""
    return 1 if floor == TABLE else 0


def work_folder(stack: ExitStack, requested: Path | None) -> Path:
    """Where the synthetic databases go: `requested` (made if missing, kept between runs, so a
    million records are generated once), else a temporary folder that `stack` removes."""
    if requested:
        requested.mkdir(parents=True, exist_ok=True)
        return requested
    return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
