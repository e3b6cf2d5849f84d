"""Synthetic programme data for benchmarks: `python -m bench.synthetic --scale N --db PATH`.

Every row cites one source titled "SYNTHETIC", so it can never pass for real data. Values come
from `hash(row, seed)`, so the same seed gives the same database on any number of threads.
The tables are those of `loaders/schema.sql`; nothing is ever written into `data/`.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from loaders.build import publish, remove_quietly
from loaders.paths import DEFAULT_DATA_DIR
from loaders.table_specs import schema_sql

SOURCE_ID = "synthetic"
INITIATIVES = 20
THEMES = 10
PLACES = 200

# u(k) is a uniform number in [0, 1) drawn from row i, stream k and the seed.
UNIFORM = "CREATE MACRO u(i, k) AS (hash(i, k, getvariable('seed')) % 1000003) / 1000003.0;"
# Activity grows over 2010–2026: the year is skewed towards recent years.
YEAR = "CREATE MACRO syn_year(i, k) AS 2010 + floor(16.999 * sqrt(u(i, k)))::INTEGER;"
DAY = """CREATE MACRO syn_date(i, k) AS
    make_date(syn_year(i, k), 1 + floor(12 * u(i, k + 1))::INTEGER,
              1 + floor(28 * u(i, k + 2))::INTEGER);"""
PRECISION = """CREATE MACRO syn_precision(i, k) AS
    CASE WHEN u(i, k) < 0.8 THEN 'day' WHEN u(i, k) < 0.95 THEN 'month' ELSE 'year' END;"""
# A date stored with year or month precision is the first day of its period, as the loaders do.
TRUNCATED = """CREATE MACRO syn_truncated(d, p) AS
    CASE p WHEN 'year' THEN date_trunc('year', d) WHEN 'month' THEN date_trunc('month', d)
           ELSE d END::DATE;"""

FILL = """
INSERT INTO sources VALUES ('synthetic', 'SYNTHETIC', 'SYNTHETIC',
    'bench.synthetic (generated, not real data)', 'https://example.invalid/synthetic',
    NULL, NULL, NULL, NULL);
INSERT INTO themes SELECT printf('theme-%02d', i), printf('SYNTHETIC theme %d', i), NULL, 'synthetic'
    FROM range(1, $themes + 1) t(i);
INSERT INTO initiatives
    SELECT CASE i WHEN 1 THEN 'u4ssc' WHEN 2 THEN 'citiverse' ELSE printf('initiative-%02d', i) END,
           printf('SYNTHETIC initiative %d', i), printf('SYN-%d', i),
           CASE WHEN i <= 2 THEN 'UN initiative' ELSE 'programme' END,
           make_date(2010 + (i % 10), 1, 1), 'year', NULL, NULL, NULL, NULL, NULL, NULL, 'synthetic'
    FROM range(1, 11) t(i);
-- Half the initiatives are children of the two programmes (inserted after their parents).
INSERT INTO initiatives
    SELECT printf('initiative-%02d', i), printf('SYNTHETIC initiative %d', i), printf('SYN-%d', i),
           'programme', make_date(2010 + (i % 10), 1, 1), 'year', NULL, NULL, NULL,
           CASE i % 2 WHEN 0 THEN 'u4ssc' ELSE 'citiverse' END, NULL, NULL, 'synthetic'
    FROM range(11, $initiatives + 1) t(i);
INSERT INTO thematic_groups
    SELECT printf('tg-%d', i), CASE i % 2 WHEN 0 THEN 'u4ssc' ELSE 'citiverse' END,
           printf('SYNTHETIC thematic group %d', i), printf('TG %d', i),
           make_date(syn_year(i, 1), 1, 1), 'year', NULL, NULL, 'active', NULL, NULL, 'synthetic'
    FROM range(1, $thematic_groups + 1) t(i);
INSERT INTO working_groups
    SELECT printf('wg-%d', i), CASE (i % $thematic_groups) % 2 WHEN 0 THEN 'u4ssc' ELSE 'citiverse' END,
           printf('tg-%d', 1 + i % $thematic_groups), printf('WG%d', i),
           printf('SYNTHETIC working group %d', i), NULL,
           syn_truncated(syn_date(i, 2), syn_precision(i, 5)), syn_precision(i, 5), NULL, NULL,
           CASE WHEN u(i, 6) < 0.7 THEN 'active' ELSE 'concluded' END, NULL, NULL, 'synthetic'
    FROM range(1, $working_groups + 1) t(i);
INSERT INTO organisations
    SELECT printf('org-%d', i), printf('SYNTHETIC organisation %d', i), NULL, 'other', NULL, 'synthetic'
    FROM range(1, $organisations + 1) t(i);
INSERT INTO partners
    SELECT printf('partner-%d', i), printf('org-%d', 1 + floor(u(i, 1) * $organisations)::BIGINT),
           printf('initiative-%02d', 1 + floor(u(i, 2) * $initiatives)::BIGINT)
               .replace('initiative-01', 'u4ssc').replace('initiative-02', 'citiverse'),
           'partner', syn_date(i, 3), 'day', NULL, NULL, NULL, 'synthetic'
    FROM range(1, $partners + 1) t(i);
INSERT INTO places
    SELECT printf('place-%d', i), printf('SYNTHETIC city %d', i), 'Nowhere',
           round(-60 + 130 * u(i, 1), 2), round(-170 + 340 * u(i, 2), 2), 'synthetic'
    FROM range(1, $places + 1) t(i);
INSERT INTO counts
    SELECT printf('count-%d', i), CASE i % 3 WHEN 0 THEN 'citiverse' ELSE 'u4ssc' END, NULL,
           (['partners', 'un_agencies', 'kpi_cities'])[1 + i % 3],
           10 + floor(u(i, 1) * 200)::BIGINT, (['partners', 'UN agencies', 'cities'])[1 + i % 3],
           CASE WHEN u(i, 2) < 0.3 THEN '>' ELSE '=' END,
           syn_truncated(syn_date(i, 3), syn_precision(i, 6)), syn_precision(i, 6),
           'SYNTHETIC figure', NULL, 'synthetic'
    FROM range(1, $counts + 1) t(i);
INSERT INTO events
    SELECT printf('event-%d', i), printf('SYNTHETIC event %d', i),
           (['meeting', 'forum', 'session', 'webinar', 'assembly'])[1 + floor(u(i, 1) * 5)::INTEGER],
           syn_truncated(syn_date(i, 2), syn_precision(i, 5)), syn_precision(i, 5), NULL, NULL,
           CASE WHEN u(i, 6) < 0.15 THEN NULL ELSE printf('place-%d', 1 + floor(u(i, 7) * $places)::BIGINT) END,
           u(i, 6) < 0.15,
           printf('initiative-%02d', 1 + floor(u(i, 8) * $initiatives)::BIGINT)
               .replace('initiative-01', 'u4ssc').replace('initiative-02', 'citiverse'),
           NULL, NULL, NULL, 'synthetic'
    FROM range(1, $events + 1) t(i);
INSERT INTO releases
    SELECT printf('release-%d', i), printf('SYNTHETIC release %d', i),
           (['report', 'guide', 'framework', 'case study', 'taxonomy'])[1 + floor(u(i, 1) * 5)::INTEGER],
           syn_truncated(syn_date(i, 2), syn_precision(i, 5)), syn_precision(i, 5),
           printf('initiative-%02d', 1 + floor(u(i, 8) * $initiatives)::BIGINT)
               .replace('initiative-01', 'u4ssc').replace('initiative-02', 'citiverse'),
           NULL, NULL, NULL, NULL, NULL, NULL, 'synthetic'
    FROM range(1, $releases + 1) t(i);
INSERT INTO event_themes
    SELECT printf('event-%d', i), printf('theme-%02d', 1 + floor(u(i, 9) * $themes)::INTEGER), 'synthetic'
    FROM range(1, $events + 1) t(i);
INSERT INTO release_themes
    SELECT printf('release-%d', i), printf('theme-%02d', 1 + floor(u(i, 9) * $themes)::INTEGER), 'synthetic'
    FROM range(1, $releases + 1) t(i);
INSERT INTO working_group_themes
    SELECT printf('wg-%d', i), printf('theme-%02d', 1 + floor(u(i, 9) * $themes)::INTEGER), 'synthetic'
    FROM range(1, $working_groups + 1) t(i);
"""


def table_sizes(scale: int) -> dict[str, int]:
    """About N events, N/4 releases, N/2 partner memberships and N/10 counts."""
    return {
        "events": scale,
        "releases": max(1, scale // 4),
        "partners": max(1, scale // 2),
        "counts": max(1, scale // 10),
        "organisations": max(1, scale // 20),
        "working_groups": max(4, scale // 100),
        "thematic_groups": max(2, min(200, scale // 1000)),
        "initiatives": INITIATIVES,
        "themes": THEMES,
        "places": PLACES,
    }


def generate(db_path: Path, scale: int, seed: int = 0) -> dict[str, int]:
    """Write a synthetic database at `db_path` (atomically) and return its rows per table."""
    if db_path.resolve().is_relative_to(DEFAULT_DATA_DIR.resolve()):
        raise ValueError(f"refusing to write synthetic data into {DEFAULT_DATA_DIR}")
    temporary = db_path.with_name(f".{db_path.name}.{uuid.uuid4().hex}.tmp")
    try:
        con = duckdb.connect(str(temporary))
        try:
            con.execute(schema_sql())
            con.execute("SET VARIABLE seed = ?", [seed])
            for macro in (UNIFORM, YEAR, DAY, PRECISION, TRUNCATED):
                con.execute(macro)
            for statement in (s for s in FILL.split(";\n") if s.strip()):
                sizes = table_sizes(scale)
                wanted = {k: v for k, v in sizes.items() if f"${k}" in statement}
                con.execute(statement, wanted)
            con.execute(
                "INSERT INTO build_info VALUES (?, ?, 'synthetic', NULL)",
                [f"synthetic-{scale}-{seed}", datetime.now(UTC)],
            )
            for macro in ("u", "syn_year", "syn_date", "syn_precision", "syn_truncated"):
                con.execute(f"DROP MACRO {macro}")
            con.execute("CHECKPOINT")
            rows = {
                name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            }
        finally:
            con.close()
    except BaseException:
        remove_quietly(temporary)
        raise
    publish(temporary, db_path)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__)
    parser.add_argument("--scale", type=int, required=True, help="about this many events")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error("--scale must be at least 1")
    try:
        rows = generate(args.db, args.scale, args.seed)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name, count in sorted(rows.items()):
        print(f"{name:<22} {count:>9}")
    print(f"wrote SYNTHETIC data to {args.db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
