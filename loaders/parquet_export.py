"""Every table of the built database as Parquet, for replicas that read object storage.

`python -m loaders.parquet_export [--db PATH] [--out DIR]` (also `make export-parquet`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb

from loaders.paths import default_db_path


def export_parquet(db_path: Path, out_dir: Path) -> dict[str, int]:
    """Write `<table>.parquet` for every table into `out_dir`; returns rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        rows = {}
        for table in tables:
            target = out_dir / f"{table}.parquet"
            # Table names come from the database's own catalogue; the path is bound.
            con.execute(
                f"COPY (SELECT * FROM {table}) TO $path (FORMAT parquet, COMPRESSION zstd)",
                {"path": str(target)},
            )
            rows[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return rows
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders.parquet_export", description=__doc__)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("build/parquet"))
    args = parser.parse_args(argv)
    db_path = args.db or default_db_path()
    if not db_path.exists():
        print(f"{db_path} does not exist; build it first (make build)", file=sys.stderr)
        return 1
    for table, count in export_parquet(db_path, args.out).items():
        print(f"{table:<22} {count:>8}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
