"""`make export-parquet`: every table as Parquet, which DuckDB reads back to the same counts."""

from __future__ import annotations

import duckdb

from loaders.parquet_export import export_parquet, main


def test_every_table_exported_to_parquet_reads_back_to_the_same_counts(fixture_db, tmp_path):
    written = export_parquet(fixture_db, tmp_path / "parquet")
    con = duckdb.connect(str(fixture_db), read_only=True)
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
    assert sorted(written) == sorted(tables)
    reader = duckdb.connect()
    for table in tables:
        in_db = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        path = str(tmp_path / "parquet" / f"{table}.parquet")
        in_parquet = reader.execute("SELECT count(*) FROM read_parquet($p)", {"p": path}).fetchone()
        assert in_parquet[0] == in_db == written[table]


def test_parquet_export_of_a_missing_database_says_to_build_it(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "absent.duckdb"), "--out", str(tmp_path / "out")]) == 1
    assert "build it first" in capsys.readouterr().err
