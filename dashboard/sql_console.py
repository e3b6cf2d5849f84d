"""The SQL console: one read-only statement, checked by two parsers, run in a locked-down DuckDB.

Three walls, each meant to stop the attacks in tests/explore/test_sql_console_refuses.py alone:
1. DuckDB's own parser (`duckdb.extract_statements`, the engine's grammar): exactly one
   statement, of type SELECT (which covers WITH, DESCRIBE and SUMMARIZE) or EXPLAIN.
2. sqlglot's DuckDB dialect: the tree holds no write or command anywhere (not even in a CTE),
   and no function or table name that reads files or runs SQL text.
3. The connection (`open_console`): the database attached READ_ONLY, external access off,
   extensions never installed or loaded, memory and threads capped, no spilling to disk, and
   the configuration locked; a watchdog interrupts any query still running after the time limit.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import sqlglot
from sqlglot import exp

TIME_LIMIT_S = 5.0
ROW_CAP = 10_000
MAX_SQL_CHARS = 20_000
MEMORY_LIMIT = "256MB"
THREADS = 2

ALLOWED = (
    "The console runs one read-only query: SELECT, WITH … SELECT, DESCRIBE, SUMMARIZE or EXPLAIN."
)

# Statement types by DuckDB's name, for the refusal message.
_STATEMENT_NAMES = {
    "LOAD": "INSTALL and LOAD",
    "SET": "SET, RESET and USE",
    "VARIABLE_SET": "SET VARIABLE",
    "TRANSACTION": "Transaction",
    "MULTI": "Multi-step (such as PIVOT without IN values)",
    "CREATE_FUNC": "CREATE FUNCTION and MACRO",
    "COPY_DATABASE": "COPY FROM DATABASE",
    "MERGE_INTO": "MERGE",
}

# Anywhere in the tree, any of these is a write, a side effect or a command.
_FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = (
    exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop, exp.Alter,
    exp.TruncateTable, exp.Copy, exp.Export, exp.Command, exp.Set, exp.Pragma, exp.Attach,
    exp.Detach, exp.Install, exp.Use, exp.Transaction, exp.Commit, exp.Rollback, exp.Comment,
    exp.LoadData, exp.Cache, exp.Uncache, exp.Grant, exp.Revoke, exp.Kill, exp.Analyze,
    exp.Refresh, exp.Declare, exp.Execute,
)  # fmt: skip
_ALLOWED_ROOTS = (
    exp.Select,
    exp.SetOperation,
    exp.Values,
    exp.Subquery,
    exp.Describe,
    exp.Summarize,
)

# Functions that read files or URLs (read_csv, parquet_scan, glob, sniff_csv…) or run SQL text
# (query, json_execute_serialized_sql). The connection refuses file access too; this says why.
_FILE_FUNCTION = re.compile(
    r"^(read_|parquet_|sniff_|iceberg_|delta_|sqlite_|postgres_|mysql_|st_read|"
    r"glob$|query$|query_table$|getenv$|json_execute_serialized_sql$|load_aws_credentials$|"
    r"duckdb_secrets$|which_secret$)"
)
# A table named like a path or URL ('data.csv', "/etc/passwd", 's3://…') is a file read.
_PATH_CHARACTERS = re.compile(r"[./\\:~*?]")
_EXPLAIN_ANALYZE = re.compile(r"^\s*ANALY[SZ]E\b", re.IGNORECASE)

logging.getLogger("sqlglot").setLevel(logging.ERROR)  # it warns on its Command fallback


class QueryRefused(ValueError):
    """The text is not one read-only query; the message says why, in one line."""


@dataclass(frozen=True)
class ConsoleResult:
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    truncated: bool = False  # more rows than the cap: only the first `ROW_CAP` are kept
    error: str | None = None  # DuckDB's message in one line, or the refusal
    refused: bool = False
    timed_out: bool = False


def one_line(error: BaseException | str) -> str:
    """An error message on one line, without DuckDB's multi-line caret context."""
    return " ".join(str(error).split())[:500]


def _function_names(node: exp.Func) -> set[str]:
    if isinstance(node, exp.Anonymous):
        return {node.name.lower()}
    return {node.sql_name().lower(), *(n.lower() for n in node.sql_names())}


def _check_tree(tree: exp.Expression) -> None:
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            raise QueryRefused(
                f"Refused: the query contains {node.key.upper()}, which is not read-only. {ALLOWED}"
            )
        if isinstance(node, exp.Func):
            names = sorted(n for n in _function_names(node) if _FILE_FUNCTION.match(n))
            if names:
                raise QueryRefused(
                    f"Refused: {names[0]}() reads files or runs other SQL; the console reads "
                    "only the programme database."
                )
        # A table named by a path ("/etc/passwd") or a string ('x.csv', SUMMARIZE 'x.csv').
        named = node.this if isinstance(node, exp.Table | exp.Summarize | exp.Describe) else None
        if isinstance(named, exp.Literal) or (
            isinstance(named, exp.Identifier) and _PATH_CHARACTERS.search(named.name)
        ):
            raise QueryRefused(
                f"Refused: '{named.name}' names a file or URL; the console reads only the "
                "programme database's tables."
            )


def _one_statement(sql: str) -> duckdb.Statement:
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(one_line(exc)) from None
    except ValueError:  # a statement type this DuckDB build cannot even name
        raise QueryRefused(f"Refused: this kind of statement is not allowed. {ALLOWED}") from None
    if not statements:
        raise QueryRefused("Write a query: the text holds only comments or semicolons.")
    if len(statements) > 1:
        raise QueryRefused(
            f"Refused: only one statement at a time, and this text holds {len(statements)}."
        )
    return statements[0]


def check_sql(sql: str, *, explain_allowed: bool = True) -> None:
    """Raise `QueryRefused` unless `sql` is one read-only query; both parsers must agree."""
    if not sql or not sql.strip():
        raise QueryRefused("Write a query, or start from an example.")
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused(f"Refused: the query is longer than {MAX_SQL_CHARS:,} characters.")
    kind = _one_statement(sql).type.name
    allowed_kinds = ("SELECT", "EXPLAIN") if explain_allowed else ("SELECT",)
    if kind not in allowed_kinds:
        name = _STATEMENT_NAMES.get(kind, kind.replace("_", " "))
        raise QueryRefused(f"Refused: {name} statements are not allowed. {ALLOWED}")
    try:
        trees = [t for t in sqlglot.parse(sql, dialect="duckdb") if t is not None]
    except sqlglot.errors.SqlglotError as exc:
        raise QueryRefused(
            f"Refused: the SQL checker could not read this query ({one_line(exc)})."
        ) from None
    if len(trees) != 1:
        raise QueryRefused("Refused: the two SQL parsers disagree on the statements in the text.")
    tree = trees[0]
    if kind == "EXPLAIN":
        # sqlglot keeps EXPLAIN as a command holding the rest of the text: check that text
        # as a query of its own (EXPLAIN ANALYZE runs it).
        if not (isinstance(tree, exp.Command) and tree.name.upper() == "EXPLAIN"):
            raise QueryRefused(f"Refused: the SQL checker could not read this EXPLAIN. {ALLOWED}")
        check_sql(_EXPLAIN_ANALYZE.sub("", tree.expression.name), explain_allowed=False)
        return
    if not isinstance(tree, _ALLOWED_ROOTS):
        raise QueryRefused(f"Refused: {tree.key.upper()} statements are not allowed. {ALLOWED}")
    _check_tree(tree)


def open_console(db_path: Path | str) -> duckdb.DuckDBPyConnection:
    """A private, locked-down DuckDB instance reading `db_path`; close it after one query.

    The app already holds the file open with DuckDB's default settings, and DuckDB refuses a
    second `connect()` to the same file with other settings in one process. So this instance
    is in memory and attaches the file READ_ONLY, detaches its own writable catalog, and only
    then turns external access off and locks the configuration.
    """
    con = duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": MEMORY_LIMIT,
            "threads": THREADS,
            "temp_directory": "",  # never spill to disk (the default .tmp/ would be writable)
        },
    )
    try:
        con.execute("ATTACH ? AS programme (READ_ONLY)", [str(db_path)])
        con.execute("USE programme")
        con.execute("DETACH memory")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _displayable(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists, structs, blobs and UUIDs as text, so the table and the downloads can hold them."""
    plain = (str, int, float, bool, type(None))
    for column in [c for c in frame.columns if pd.api.types.is_object_dtype(frame[c])]:
        values = frame[column]
        if all(isinstance(v, plain) or hasattr(v, "isoformat") for v in values):
            continue
        if all(isinstance(v, Decimal | type(None)) for v in values):
            frame[column] = [None if v is None else float(v) for v in values]
        else:
            frame[column] = [None if v is None else str(v) for v in values]
    return frame


def execute_capped(
    con: duckdb.DuckDBPyConnection, sql: str, *, time_limit_s: float, row_cap: int
) -> ConsoleResult:
    """Run `sql` on `con`, interrupted after `time_limit_s`; fetch at most `row_cap` + 1 rows."""

    def interrupt() -> None:
        try:
            con.interrupt()
        except duckdb.Error:  # the query ended, and the connection closed, as the timer fired
            pass

    watchdog = threading.Timer(time_limit_s, interrupt)
    watchdog.daemon = True
    watchdog.start()
    try:
        con.execute(sql)  # a streaming result: rows are computed as they are fetched
        columns = _unique([d[0] for d in con.description or []])
        rows = con.fetchmany(row_cap + 1)
    except duckdb.InterruptException:
        return ConsoleResult(
            error=f"Stopped after {time_limit_s:g} s: the console's time limit. "
            "Narrow the query (a WHERE, a LIMIT or fewer joins) and run it again.",
            timed_out=True,
        )
    except duckdb.Error as exc:
        return ConsoleResult(error=one_line(exc))
    finally:
        watchdog.cancel()
    frame = pd.DataFrame.from_records(rows[:row_cap], columns=range(len(columns)))
    frame.columns = columns
    return ConsoleResult(_displayable(frame), truncated=len(rows) > row_cap)


def run_console_query(
    sql: str,
    db_path: Path | str,
    *,
    time_limit_s: float = TIME_LIMIT_S,
    row_cap: int = ROW_CAP,
) -> ConsoleResult:
    """Check `sql`, then run it on a fresh console connection of its own, closed afterwards.

    A connection per query: a long query blocks only its own session, never a shared lock.
    """
    try:
        check_sql(sql)
    except QueryRefused as refusal:
        return ConsoleResult(error=str(refusal), refused=True)
    try:
        con = open_console(db_path)
    except duckdb.Error as exc:  # the file is missing or unreadable
        return ConsoleResult(error=one_line(exc))
    try:
        return execute_capped(con, sql, time_limit_s=time_limit_s, row_cap=row_cap)
    finally:
        con.close()


def table_schemas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every table's columns and types, in schema order, for the panel beside the console."""
    return con.execute("""
        SELECT table_name AS "table", column_name AS "column", data_type AS "type"
        FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
        ORDER BY table_name, column_index""").df()
