"""Which layer may import what, read from the source with `ast`: the read side never imports the
write side, charts and queries stay free of the UI, and pages hold no SQL and build no figures.

Each rule names the file and line that breaks it. The scanner is checked on made-up sources
first, so that a rule which can no longer fail is itself a failure."""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("dashboard", "loaders")
# The Streamlit layer: the entry point and every page script.
PAGE_FILES = sorted([REPO_ROOT / "app.py", *(REPO_ROOT / "pages").glob("*.py")])


@dataclass(frozen=True)
class SourceModule:
    path: str  # as shown in a finding, relative to the repository
    source: str
    is_package: bool = False


@dataclass(frozen=True)
class Import:
    name: str  # absolute dotted name
    line: int


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node, less the bodies of `if TYPE_CHECKING:`, which never run."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def imports_of(module: str, source: SourceModule) -> list[Import]:
    """What a module imports when it runs: `import`, `from ... import` (relative ones made
    absolute, at any depth, in functions too) and `importlib.import_module("name")`."""
    package = module if source.is_package else module.rpartition(".")[0]
    found = []
    for node in _runtime_nodes(ast.parse(source.source)):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.append(Import(base, node.lineno))
            # `from pkg import name` may load the submodule pkg.name
            found += [Import(f"{base}.{a.name}", node.lineno) for a in node.names if a.name != "*"]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(Import(node.args[0].value, node.lineno))
    return sorted(found, key=lambda found_import: found_import.line)


def _is_within(name: str, packages: Sequence[str]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _project_modules_run_by(name: str, modules: Mapping[str, SourceModule]) -> list[str]:
    """Importing a.b.c runs a, a.b and a.b.c: those of them that are project modules."""
    parts = name.split(".")
    return [p for p in (".".join(parts[:i]) for i in range(1, len(parts) + 1)) if p in modules]


def banned_imports(
    modules: Mapping[str, SourceModule], scope: str, banned: Sequence[str]
) -> list[str]:
    """Every way a module in `scope` reaches a banned package, directly or through other project
    modules, as the chain of `path:line imports name` steps."""
    graph = {name: imports_of(name, source) for name, source in modules.items()}
    findings = []
    for start in sorted(name for name in modules if _is_within(name, [scope])):
        seen = {start}
        reported_lines = set()  # `from duckdb import connect` is one finding, not two
        queue: deque[tuple[str, list[str]]] = deque([(start, [])])
        while queue:
            name, trail = queue.popleft()
            for found in graph[name]:
                step = [*trail, f"{modules[name].path}:{found.line} imports {found.name}"]
                if _is_within(found.name, banned):
                    if (name, found.line) not in reported_lines:
                        reported_lines.add((name, found.line))
                        findings.append(" → ".join(step))
                    continue
                for target in _project_modules_run_by(found.name, modules):
                    if target not in seen:
                        seen.add(target)
                        queue.append((target, step))
    return sorted(set(findings))


# Upper-case keywords only, as every statement in dashboard/queries is written: lower case would
# flag prose such as "select the years from the sidebar".
SQL_IN_TEXT = re.compile(
    r"\bSELECT\s|\bWITH\s+(RECURSIVE\s+)?\w+\s+AS\s*\(|\bINSERT\s+INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\b(CREATE|DROP|ALTER)\s+(OR\s+REPLACE\s+)?(TEMP\w*\s+)?"
    r"(TABLE|VIEW|INDEX|SCHEMA|MACRO)\b"
    # Statements that change what a connection reads or may do are SQL too.
    r"|\bATTACH\s+(DATABASE\s+)?(IF\s+NOT\s+EXISTS\s+)?['\"$?\w]|\bDETACH\s+(DATABASE\s+)?\w"
    r"|\bUSE\s+\w+\s*$|\bRESET\s+\w+\s*$|\bSET\s+(GLOBAL\s+|SESSION\s+|LOCAL\s+)?\w+\s*(=|\bTO\b)"
)
QUERY_CALLS = {"execute", "executemany", "sql"}
FIGURE_NAMES = {"Figure", "FigureWidget", "make_subplots"}
FIGURE_CALLS = {
    "add_annotation", "add_hline", "add_hrect", "add_shape", "add_trace", "add_traces",
    "add_vline", "add_vrect", "update_layout", "update_traces", "update_xaxes", "update_yaxes",
}  # fmt: skip
PAGE_BANNED_IMPORTS = ("plotly", "duckdb")


def _text_of(node: ast.AST) -> str | None:
    """A string literal's text; an f-string's with each replacement field as {}."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def page_findings(path: str, source: str) -> list[str]:
    """SQL and figure building in a page script, as `path:line what`."""
    findings = [
        f"{path}:{found.line} imports {found.name}"
        for found in imports_of("page", SourceModule(path, source))
        if _is_within(found.name, PAGE_BANNED_IMPORTS)
    ]
    tree = ast.parse(source)
    # An f-string is checked whole, so its literal parts are not checked again on their own.
    parts_of_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    for node in ast.walk(tree):
        text = None if id(node) in parts_of_fstrings else _text_of(node)
        if text is not None and SQL_IN_TEXT.search(text):
            findings.append(f"{path}:{node.lineno} SQL in a string: {text.strip()[:60]!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in QUERY_CALLS:
                findings.append(f"{path}:{node.lineno} runs SQL with .{node.func.attr}()")
            if node.func.attr in FIGURE_CALLS:
                findings.append(f"{path}:{node.lineno} styles a figure with .{node.func.attr}()")
        name = getattr(node, "attr", None) or getattr(node, "id", None)
        if isinstance(node, ast.Attribute | ast.Name) and name in FIGURE_NAMES:
            findings.append(f"{path}:{node.lineno} builds a figure with {name}")
    return sorted(set(findings))


def project_modules(root: Path = REPO_ROOT) -> dict[str, SourceModule]:
    modules = {}
    for package in PROJECT_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            name = ".".join(parts[:-1] if is_package else parts)
            relative = str(path.relative_to(root))
            modules[name] = SourceModule(relative, path.read_text(encoding="utf-8"), is_package)
    return modules


# The scanner itself, on made-up sources: each rule must be able to fail.

SYNTHETIC = {
    "dashboard": SourceModule("dashboard/__init__.py", "", is_package=True),
    "dashboard.charts": SourceModule("dashboard/charts/__init__.py", "", is_package=True),
    "dashboard.charts.direct": SourceModule(
        "dashboard/charts/direct.py", "import pandas as pd\nimport streamlit as st\n"
    ),
    "dashboard.charts.lazy": SourceModule(
        "dashboard/charts/lazy.py", "def f():\n    from duckdb import connect\n"
    ),
    "dashboard.charts.through_helper": SourceModule(
        "dashboard/charts/through_helper.py", "from ..helper import colours\n"
    ),
    "dashboard.charts.typing_only": SourceModule(
        "dashboard/charts/typing_only.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import duckdb\n",
    ),
    "dashboard.helper": SourceModule(
        "dashboard/helper.py", "import importlib\nimportlib.import_module('streamlit')\n"
    ),
    "dashboard.reads_loaders": SourceModule(
        "dashboard/reads_loaders.py", "from loaders import build\n"
    ),
}


def test_the_scanner_finds_direct_lazy_relative_and_indirect_imports_but_not_typing_only_ones():
    assert banned_imports(SYNTHETIC, "dashboard.charts", ["streamlit", "duckdb"]) == [
        "dashboard/charts/direct.py:2 imports streamlit",
        "dashboard/charts/lazy.py:2 imports duckdb",
        "dashboard/charts/through_helper.py:1 imports dashboard.helper"
        " → dashboard/helper.py:2 imports streamlit",
    ]
    assert banned_imports(SYNTHETIC, "dashboard", ["loaders"]) == [
        "dashboard/reads_loaders.py:1 imports loaders",
    ]


def test_the_scanner_finds_sql_and_figures_in_a_page_but_not_prose():
    page = (
        "import plotly.graph_objects as go\n"
        "import streamlit as st\n"
        "st.caption('Select the years from the sidebar; the table is updated.')\n"
        "rows = con.execute('SELECT id FROM events WHERE year = ?', [year])\n"
        "scope = f'WITH chosen AS (SELECT * FROM {table})'\n"
        "figure = go.Figure()\n"
        "figure.update_layout(height=400)\n"
    )
    assert page_findings("pages/made_up.py", page) == [
        "pages/made_up.py:1 imports plotly.graph_objects",
        "pages/made_up.py:4 SQL in a string: 'SELECT id FROM events WHERE year = ?'",
        "pages/made_up.py:4 runs SQL with .execute()",
        "pages/made_up.py:5 SQL in a string: 'WITH chosen AS (SELECT * FROM {})'",
        "pages/made_up.py:6 builds a figure with Figure",
        "pages/made_up.py:7 styles a figure with .update_layout()",
    ]
    assert (
        page_findings("pages/clean.py", "import streamlit as st\nst.selectbox('Year', [])\n") == []
    )


# The rules, on the project's own source.


@pytest.fixture(scope="module")
def modules() -> dict[str, SourceModule]:
    found = project_modules()
    # A moved folder must move the rule with it, not leave it checking nothing.
    assert {"dashboard", "dashboard.charts", "dashboard.queries", "loaders"} <= found.keys()
    return found


def test_the_read_side_never_imports_the_write_side(modules):
    assert banned_imports(modules, "dashboard", ["loaders"]) == []


def test_charts_import_neither_streamlit_nor_duckdb(modules):
    assert banned_imports(modules, "dashboard.charts", ["streamlit", "duckdb"]) == []


def test_queries_import_neither_streamlit_nor_plotly(modules):
    assert banned_imports(modules, "dashboard.queries", ["streamlit", "plotly"]) == []


def test_pages_hold_no_sql_and_build_no_figures():
    assert len(PAGE_FILES) > 1, "no page scripts found: point PAGE_FILES at where they live now"
    findings = [
        finding
        for path in PAGE_FILES
        for finding in page_findings(
            str(path.relative_to(REPO_ROOT)), path.read_text(encoding="utf-8")
        )
    ]
    assert findings == []


# The feature packages, each one page's own code. They share only the core (dashboard/*.py,
# queries, charts) and the Streamlit glue in dashboard/ui, never each other's modules.
FEATURES = ("dashboard.explore", "dashboard.manage", "dashboard.present")
SHARED_CORE_SKIPS = (*FEATURES, "dashboard.ui")


def cross_feature_imports(modules: Mapping[str, SourceModule]) -> list[str]:
    """Direct imports from one feature package into another, as `path:line imports name`."""
    findings = []
    for name, source in sorted(modules.items()):
        own = [feature for feature in FEATURES if _is_within(name, [feature])]
        if not own:
            continue
        others = [feature for feature in FEATURES if feature not in own]
        findings += [
            f"{source.path}:{found.line} imports {found.name}"
            for found in imports_of(name, source)
            if _is_within(found.name, others)
        ]
    return findings


def test_the_scanner_finds_one_feature_importing_another():
    made_up = {
        "dashboard.explore.tab": SourceModule(
            "dashboard/explore/tab.py",
            "from dashboard.present.deck import slides\nfrom dashboard.ui import blocks\n",
        ),
        "dashboard.present.deck": SourceModule("dashboard/present/deck.py", "import pandas\n"),
    }
    assert cross_feature_imports(made_up) == [
        "dashboard/explore/tab.py:1 imports dashboard.present.deck",
        "dashboard/explore/tab.py:1 imports dashboard.present.deck.slides",
    ]


def test_feature_packages_never_import_each_other(modules):
    assert {*FEATURES, "dashboard.ui"} <= modules.keys()
    assert cross_feature_imports(modules) == []


def test_the_scanner_finds_ui_reaching_a_feature_package():
    made_up = {
        "dashboard.ui.blocks": SourceModule(
            "dashboard/ui/blocks.py", "from dashboard.helper import draw\nimport pandas\n"
        ),
        "dashboard.helper": SourceModule(
            "dashboard/helper.py", "from dashboard.present.export import image\n"
        ),
    }
    assert banned_imports(made_up, "dashboard.ui", FEATURES) == [
        "dashboard/ui/blocks.py:1 imports dashboard.helper"
        " → dashboard/helper.py:1 imports dashboard.present.export",
    ]


def test_ui_imports_no_feature_package(modules):
    # dashboard/ui serves every page; a feature's code it needs belongs in the core.
    assert banned_imports(modules, "dashboard.ui", FEATURES) == []


def test_the_shared_core_imports_no_feature_package_and_no_ui(modules):
    core = [
        name
        for name in modules
        if _is_within(name, ["dashboard"]) and not _is_within(name, SHARED_CORE_SKIPS)
    ]
    findings = [
        f"{modules[name].path}:{found.line} imports {found.name}"
        for name in core
        for found in imports_of(name, modules[name])
        if _is_within(found.name, SHARED_CORE_SKIPS)
    ]
    assert findings == []


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def sql_findings(path: str, source: str) -> list[str]:
    """SQL written in a module's strings (docstrings aside), as `path:line text`."""
    tree = ast.parse(source)
    skipped = _docstrings(tree) | {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    return sorted(
        f"{path}:{node.lineno} {text.strip()[:60]!r}"
        for node in ast.walk(tree)
        if id(node) not in skipped
        and (text := _text_of(node)) is not None
        and SQL_IN_TEXT.search(text)
    )


# Outside dashboard/queries, SQL is only: the probe that a file opened is a built database, and
# the console's own examples, which are text a person may edit and run, like any user query;
# and the sign-in lockout's SQLite state file, which holds no programme data.
SQL_OUTSIDE_QUERIES = {
    "dashboard/database_file.py",
    "dashboard/explore/sql_examples.py",
    "dashboard/manage/sign_in_lockout.py",
}


def test_the_scanner_finds_sql_in_code_but_not_in_docstrings():
    source = '"""Runs one SELECT statement."""\nQUERY = "SELECT id FROM events"\n'
    assert sql_findings("dashboard/made_up.py", source) == [
        "dashboard/made_up.py:2 'SELECT id FROM events'"
    ]


def test_the_scanner_finds_attach_use_detach_and_set_but_not_prose():
    source = (
        "con.execute('ATTACH ? AS programme (READ_ONLY)', [path])\n"
        "con.execute('USE programme')\n"
        "con.execute('DETACH memory')\n"
        "con.execute('SET lock_configuration = true')\n"
        "con.execute('SET threads TO 1')\n"
        "note = 'Set the years, then use the table: attach it to a message.'\n"
        "label = 'USE WITH CARE'\n"
        "name = 'SET VARIABLE'\n"
    )
    assert sql_findings("dashboard/made_up.py", source) == [
        "dashboard/made_up.py:1 'ATTACH ? AS programme (READ_ONLY)'",
        "dashboard/made_up.py:2 'USE programme'",
        "dashboard/made_up.py:3 'DETACH memory'",
        "dashboard/made_up.py:4 'SET lock_configuration = true'",
        "dashboard/made_up.py:5 'SET threads TO 1'",
    ]


def test_the_read_side_writes_its_sql_in_dashboard_queries(modules):
    findings = [
        finding
        for name, source in modules.items()
        if _is_within(name, ["dashboard"])
        and not _is_within(name, ["dashboard.queries"])
        and source.path not in SQL_OUTSIDE_QUERIES
        for finding in sql_findings(source.path, source.source)
    ]
    assert findings == []
