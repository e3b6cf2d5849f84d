"""The SQL console's security promises: one read-only statement, and a connection that could
not read files, write or reconfigure itself even if the statement check were bypassed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from dashboard.explore.sql_console import QueryRefused, check_sql, open_console, run_console_query
from tests.support.data_files import sha256

# (name, query): every one must be refused before it reaches DuckDB.
HOSTILE = [
    ("read_csv", "SELECT * FROM read_csv('/etc/passwd')"),
    ("read_csv_auto", "SELECT * FROM read_csv_auto('/etc/passwd', header = false)"),
    ("read_text", "SELECT content FROM read_text('/etc/passwd')"),
    ("read_blob", "SELECT content FROM read_blob('/etc/hostname')"),
    ("read_json", "SELECT * FROM read_json('/etc/passwd')"),
    ("read_json_auto", "SELECT * FROM read_json_auto('/etc/passwd')"),
    ("read_ndjson", "SELECT * FROM read_ndjson('/etc/passwd')"),
    ("read_parquet", "SELECT * FROM read_parquet('/tmp/x.parquet')"),
    ("parquet_scan", "SELECT * FROM parquet_scan('/tmp/x.parquet')"),
    ("parquet_metadata", "SELECT * FROM parquet_metadata('/tmp/x.parquet')"),
    ("glob", "SELECT * FROM glob('/etc/*')"),
    ("sniff_csv", "SELECT * FROM sniff_csv('/etc/passwd')"),
    ("read_csv upper-case", "SELECT * FROM READ_CSV('/etc/passwd')"),
    ("read_csv quoted", "SELECT * FROM \"read_csv\"('/etc/passwd')"),
    ("read_csv schema-qualified", "SELECT * FROM system.main.read_csv('/etc/passwd')"),
    ("read_csv lateral", "SELECT * FROM sources s, LATERAL read_csv(s.url)"),
    ("glob as a scalar", "SELECT * FROM unnest(glob('/etc/*'))"),
    ("SUMMARIZE a file", "SUMMARIZE '/etc/passwd'"),
    ("DESCRIBE a file", "DESCRIBE '/etc/passwd'"),
    ("PIVOT a file", "PIVOT read_csv('/etc/passwd') ON column0 USING count(*)"),
    ("read_csv in a subquery", "SELECT (SELECT count(*) FROM read_csv('/etc/passwd')) AS n"),
    ("read_csv inside a CTE", "WITH f AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM f"),
    ("file as a table name", "SELECT * FROM '/etc/passwd'"),
    ("quoted file as a table name", 'SELECT * FROM "data/events.csv"'),
    ("http URL", "SELECT * FROM read_csv('http://127.0.0.1:9/steal.csv')"),
    ("https URL as a table", "SELECT * FROM 'https://example.org/x.parquet'"),
    ("query() runs SQL text", "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')"),
    ("COPY TO", "COPY events TO '/tmp/stolen.csv'"),
    ("COPY query TO", "COPY (SELECT * FROM sources) TO '/tmp/stolen.parquet' (FORMAT parquet)"),
    ("EXPORT DATABASE", "EXPORT DATABASE '/tmp/stolen'"),
    ("ATTACH", "ATTACH '/tmp/evil.duckdb' AS evil"),
    ("DETACH", "DETACH programme"),
    ("INSTALL httpfs", "INSTALL httpfs"),
    ("LOAD httpfs", "LOAD httpfs"),
    ("SET enable_external_access", "SET enable_external_access = true"),
    ("SET memory_limit", "SET memory_limit = '64GB'"),
    ("RESET lock_configuration", "RESET lock_configuration"),
    ("PRAGMA", "PRAGMA database_list"),
    ("CALL", "CALL pragma_version()"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("CREATE TABLE", "CREATE TABLE t AS SELECT 1"),
    ("CREATE MACRO", "CREATE MACRO evil(x) AS x"),
    ("INSERT", "INSERT INTO sources SELECT * FROM sources"),
    ("UPDATE", "UPDATE events SET name = 'x'"),
    ("DELETE", "DELETE FROM events"),
    ("DROP", "DROP TABLE events"),
    ("chained second statement", "SELECT 1; DROP TABLE events"),
    ("chained COPY after a comment", "SELECT 1 /* harmless */; COPY events TO '/tmp/x.csv'"),
    ("statement after a line comment", "SELECT 1 -- a note\n; ATTACH '/tmp/evil.duckdb'"),
    ("a comment dressing COPY as SELECT", "/* SELECT 1 */ COPY events TO '/tmp/x.csv'"),
    ("a string literal ending a statement", "SELECT 'it''s fine'; COPY events TO '/tmp/x.csv'"),
    ("dollar-quoted string then a statement", "SELECT $$;$$; INSTALL httpfs"),
    (
        "a CTE wrapping a write",
        "WITH w AS (INSERT INTO sources VALUES (1) RETURNING *) SELECT * FROM w",
    ),
    ("EXPLAIN ANALYZE of a COPY", "EXPLAIN ANALYZE COPY events TO '/tmp/x.csv'"),
    ("EXPLAIN of a file read", "EXPLAIN SELECT * FROM read_csv('/etc/passwd')"),
    ("transaction", "BEGIN TRANSACTION"),
    ("SET VARIABLE", "SET VARIABLE x = 1"),
    ("USE", "USE memory"),
    ("empty", "   "),
    ("only a comment", "-- SELECT 1"),
]


@pytest.mark.parametrize("sql", [sql for _, sql in HOSTILE], ids=[name for name, _ in HOSTILE])
def test_a_hostile_or_forbidden_query_is_refused_and_the_database_file_is_unchanged(
    console_db: Path, sql: str
):
    before = sha256(console_db)
    with pytest.raises(QueryRefused):
        check_sql(sql)
    result = run_console_query(sql, console_db)
    assert result.refused and result.error and result.frame.empty
    assert "\n" not in result.error and "Traceback" not in result.error
    assert sha256(console_db) == before


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT 1; SELECT 2", "only one statement at a time, and this text holds 2"),
        ("COPY events TO 'x.csv'", "COPY statements are not allowed"),
        ("INSTALL httpfs", "INSTALL and LOAD statements are not allowed"),
        ("PRAGMA database_list", "PRAGMA statements are not allowed"),
        ("SELECT * FROM read_csv('x.csv')", "read_csv() reads files"),
        ("SELECT * FROM 'x.csv'", "'x.csv' names a file or URL"),
        ("WITH w AS (DELETE FROM events RETURNING *) SELECT * FROM w", "contains DELETE"),
        ("SELEC 1", "Parser Error: syntax error"),
    ],
)
def test_a_refusal_says_why_in_one_line(sql: str, message: str):
    with pytest.raises(QueryRefused) as refusal:
        check_sql(sql)
    assert message in str(refusal.value)
    assert "\n" not in str(refusal.value)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """Readable files of every kind, so a refusal can only come from the sandbox itself."""
    plain = duckdb.connect()
    plain.execute(f"COPY (SELECT 1 AS x) TO '{tmp_path / 'data.csv'}'")
    plain.execute(f"COPY (SELECT 1 AS x) TO '{tmp_path / 'data.parquet'}' (FORMAT parquet)")
    plain.execute(f"COPY (SELECT 1 AS x) TO '{tmp_path / 'data.json'}' (FORMAT json)")
    plain.close()
    return tmp_path


# (name, query with {dir} for a folder of readable files and {db} for the database file)
ENGINE_ATTACKS = [
    ("read_csv", "SELECT * FROM read_csv('{dir}/data.csv')"),
    ("read_csv_auto", "SELECT * FROM read_csv_auto('{dir}/data.csv')"),
    ("read_text", "SELECT * FROM read_text('{dir}/data.csv')"),
    ("read_blob", "SELECT * FROM read_blob('{dir}/data.csv')"),
    ("read_json", "SELECT * FROM read_json('{dir}/data.json')"),
    ("read_json_auto", "SELECT * FROM read_json_auto('{dir}/data.json')"),
    ("read_parquet", "SELECT * FROM read_parquet('{dir}/data.parquet')"),
    ("parquet_scan", "SELECT * FROM parquet_scan('{dir}/data.parquet')"),
    ("parquet_metadata", "SELECT * FROM parquet_metadata('{dir}/data.parquet')"),
    ("glob", "SELECT * FROM glob('{dir}/*')"),
    ("sniff_csv", "SELECT * FROM sniff_csv('{dir}/data.csv')"),
    ("file as a table name", "SELECT * FROM '{dir}/data.csv'"),
    ("/etc/passwd", "SELECT * FROM read_text('/etc/passwd')"),
    ("http URL", "SELECT * FROM read_csv('http://127.0.0.1:9/steal.csv')"),
    (
        "query() around a file read",
        "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
    ),
    ("COPY TO", "COPY events TO '{dir}/stolen.csv'"),
    ("COPY TO the spill folder", "COPY events TO '.tmp/stolen.csv'"),
    ("COPY over the database", "COPY events TO '{db}'"),
    ("COPY over its WAL", "COPY events TO '{db}.wal'"),
    ("EXPLAIN ANALYZE COPY", "EXPLAIN ANALYZE COPY events TO '{dir}/stolen.csv'"),
    ("EXPORT DATABASE", "EXPORT DATABASE '{dir}/export'"),
    ("ATTACH a new file", "ATTACH '{dir}/evil.duckdb' AS evil"),
    ("INSTALL httpfs", "INSTALL httpfs"),
    ("LOAD httpfs", "LOAD httpfs"),
    ("SET enable_external_access", "SET enable_external_access = true"),
    ("SET memory_limit", "SET memory_limit = '64GB'"),
    ("SET threads", "SET threads = 64"),
    ("PRAGMA threads", "PRAGMA threads = 64"),
    ("SET lock_configuration", "SET lock_configuration = false"),
    ("RESET lock_configuration", "RESET lock_configuration"),
    ("SET autoload", "SET autoload_known_extensions = true"),
    ("secrets", "SELECT * FROM duckdb_secrets()"),
    ("CREATE TABLE", "CREATE TABLE t AS SELECT 1"),
    ("CREATE in the in-memory catalog", "CREATE TABLE memory.t AS SELECT 1"),
    ("INSERT", "INSERT INTO sources SELECT * FROM sources"),
    ("UPDATE", "UPDATE events SET name = 'x'"),
    ("DELETE", "DELETE FROM events"),
    ("DROP", "DROP TABLE events"),
    ("ALTER", "ALTER TABLE events ADD COLUMN x INTEGER"),
    ("DETACH", "DETACH programme"),
]


@pytest.mark.parametrize(
    "sql", [sql for _, sql in ENGINE_ATTACKS], ids=[name for name, _ in ENGINE_ATTACKS]
)
def test_the_console_connection_itself_stops_the_attack_when_the_statement_check_is_bypassed(
    console_db: Path, files: Path, sql: str
):
    before = sha256(console_db)
    con = open_console(console_db)
    try:
        with pytest.raises(duckdb.Error):
            con.execute(sql.format(dir=files, db=console_db)).fetchall()
    finally:
        con.close()
    assert sha256(console_db) == before
    assert sorted(p.name for p in files.iterdir()) == ["data.csv", "data.json", "data.parquet"]


def test_the_console_connection_is_read_only_sandboxed_capped_and_locked(console_db: Path):
    con = open_console(console_db)
    try:
        settings = dict(
            con.execute(
                """SELECT name, value FROM duckdb_settings() WHERE name IN (
                    'enable_external_access', 'autoload_known_extensions',
                    'autoinstall_known_extensions', 'lock_configuration', 'threads',
                    'temp_directory', 'allowed_directories')"""
            ).fetchall()
        )
        databases = con.execute(
            "SELECT database_name, readonly FROM duckdb_databases() WHERE NOT internal"
        ).fetchall()
        memory_limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()
    assert settings == {
        "enable_external_access": "false",
        "autoload_known_extensions": "false",
        "autoinstall_known_extensions": "false",
        "lock_configuration": "true",
        "threads": "1",
        "temp_directory": "",
        "allowed_directories": "[]",
    }
    assert memory_limit.endswith("MiB")
    assert databases == [("programme", True)]  # no writable catalog left
