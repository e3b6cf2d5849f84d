"""The SQL console: one read-only statement, checked by two parsers, run in a locked-down DuckDB.

Three walls, each meant to stop the attacks in tests/explore/test_sql_console_refuses.py alone:
1. DuckDB's own parser (`duckdb.extract_statements`, the engine's grammar): exactly one
   statement, of type SELECT (which covers WITH, DESCRIBE and SUMMARIZE) or EXPLAIN.
2. sqlglot's DuckDB dialect: the tree holds no write or command anywhere (not even in a CTE),
   and no function or table name that reads files or runs SQL text.
3. The connection (`console_sandbox.open_console`): the database attached READ_ONLY, external
   access off, extensions never installed or loaded, memory and threads capped, no spilling to
   disk, and the configuration locked.
Then the cost is bounded: at most `MAX_RUNNING` queries at once server-wide, each in a worker
process of its own (console_worker.py) with a memory ceiling, killed at the time limit, whose
result is cut to the budgets of console_fetch.py (rows, cells, bytes, characters per cell).
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from dashboard.explore.console_fetch import ROW_CAP, Budget, ConsoleResult, one_line
from dashboard.explore.console_sandbox import open_console
from dashboard.explore.console_worker import run_in_worker

__all__ = ["ConsoleResult", "QueryRefused", "check_sql", "open_console", "run_console_query"]

TIME_LIMIT_S = 5.0
# Fifty times the longest example query (322 characters), and short enough that a link
# holding the query stays far below what browsers and proxies accept in a URL.
MAX_SQL_CHARS = 20_000
TOO_LONG = f"A query is at most {MAX_SQL_CHARS:,} characters long."
# Queries running at once, for all viewers together: each may use a worker's memory ceiling.
MAX_RUNNING = 2
BUSY = (
    f"The SQL console is busy: it runs at most {MAX_RUNNING} queries at once for everyone. "
    "Try again in a moment."
)


class ConsoleSeats:
    """At most `seats` queries running at once, server-wide; taking a seat never waits."""

    def __init__(self, seats: int) -> None:
        self._free = threading.BoundedSemaphore(seats)
        self._lock = threading.Lock()
        self._taken = 0

    def try_take(self) -> bool:
        if not self._free.acquire(blocking=False):
            return False
        with self._lock:
            self._taken += 1
        return True

    def give_back(self) -> None:
        with self._lock:
            self._taken -= 1
        self._free.release()

    @property
    def taken(self) -> int:
        with self._lock:
            return self._taken


SEATS = ConsoleSeats(MAX_RUNNING)

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
    if len(sql) > MAX_SQL_CHARS:  # first: nothing below should read megabytes of text
        raise QueryRefused(f"Refused: {TOO_LONG}")
    if not sql.strip():
        raise QueryRefused("Write a query, or start from an example.")
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
    except RecursionError:  # sqlglot's parser recurses about 25 calls per parenthesis
        raise QueryRefused(
            "Refused: the query nests parentheses or subqueries too deeply for the SQL checker; "
            "flatten it (a WITH clause helps)."
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


def run_console_query(
    sql: str,
    db_path: Path | str,
    *,
    time_limit_s: float = TIME_LIMIT_S,
    row_cap: int = ROW_CAP,
) -> ConsoleResult:
    """Check `sql`, then run it in a worker process of its own, if fewer than `MAX_RUNNING`
    queries are running; otherwise answer at once that the console is busy.

    A process per query: a long query blocks only its own session, never a shared lock.
    """
    try:
        check_sql(sql)
    except QueryRefused as refusal:
        return ConsoleResult(error=str(refusal), refused=True)
    seats = SEATS  # one object for the take and the give-back, even if SEATS is replaced
    if not seats.try_take():
        return ConsoleResult(error=BUSY, busy=True)
    try:
        return run_in_worker(sql, db_path, time_limit_s=time_limit_s, budget=Budget(rows=row_cap))
    finally:
        seats.give_back()
