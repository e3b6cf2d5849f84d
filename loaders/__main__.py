"""Command line: `python -m loaders validate|build|import`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.build import build
from loaders.import_lock import ImportInProgress
from loaders.importer import import_file
from loaders.paths import default_data_dir, default_db_path
from loaders.problems import DataError
from loaders.validation import validate_directory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check every data file; exit 1 on problems")
    validate.add_argument("--data", type=Path, default=default_data_dir())
    build_cmd = commands.add_parser("build", help="validate, then build the database atomically")
    build_cmd.add_argument("--data", type=Path, default=default_data_dir())
    build_cmd.add_argument(
        "--db", type=Path, default=None, help="default: $PROGRAMME_DB or data/programme.duckdb"
    )
    imp = commands.add_parser("import", help="append a CSV/XLSX file's rows to one table")
    imp.add_argument("file", type=Path)
    imp.add_argument("--table", required=True)
    imp.add_argument("--sheet", default=None, help="the sheet to read from a workbook")
    imp.add_argument("--data", type=Path, default=default_data_dir())
    imp.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)

    try:
        if args.command == "validate":
            tables, problems = validate_directory(args.data)
            if problems:
                raise DataError(problems)
            rows = sum(len(t.rows) for t in tables.values())
            print(f"{args.data}: {len(tables)} files, {rows} rows, no problems")
        elif args.command == "build":
            db_path = args.db or default_db_path()
            counts = build(args.data, db_path)
            width = max(map(len, counts))
            for table, count in counts.items():
                print(f"{table:<{width}}  {count:>6}")
            print(f"built {db_path}")
        else:
            db_path = args.db or default_db_path()
            added = import_file(args.file, args.table, args.data, db_path, sheet=args.sheet)
            print(f"added {added} row(s) to {args.data / (args.table + '.csv')}; rebuilt {db_path}")
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was changed", file=sys.stderr)
        return 1
    except ImportInProgress as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
