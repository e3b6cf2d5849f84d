"""Promises about the code itself: bounded caches, no record text in unescaped HTML."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP_CODE = [REPO / "app.py", *(REPO / "pages").glob("*.py"), *(REPO / "dashboard").rglob("*.py")]


def _decorators(path: Path) -> list[tuple[str, ast.expr]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [(f"{path.name}:{node.name}", d) for d in node.decorator_list]
    return found


def _is_cache(decorator: ast.expr, kind: str) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == kind


def test_every_st_cache_data_has_a_ttl_and_max_entries():
    caches = [
        (name, d) for p in APP_CODE for name, d in _decorators(p) if _is_cache(d, "cache_data")
    ]
    # None today: the read caches (dashboard/read_cache.py) and the console's
    # (console_cache.py) live outside Streamlit's, which any client can clear; a new one must
    # still be bounded.
    for name, decorator in caches:
        keywords = {k.arg for k in getattr(decorator, "keywords", [])}
        assert {"ttl", "max_entries"} <= keywords, f"{name} has an unbounded st.cache_data"


def test_every_st_cache_resource_has_max_entries():
    for path in APP_CODE:
        for name, decorator in _decorators(path):
            if _is_cache(decorator, "cache_resource"):
                keywords = {k.arg for k in getattr(decorator, "keywords", [])}
                assert "max_entries" in keywords, f"{name} has an unbounded st.cache_resource"


def _html_calls(path: Path) -> list[ast.Call]:
    calls = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        unsafe = any(k.arg == "unsafe_allow_html" for k in node.keywords)
        html = isinstance(func, ast.Attribute) and func.attr == "html"
        if unsafe or html:
            calls.append(node)
    return calls


def _constant(node: ast.expr | None, constants: set[str]) -> bool:
    """A literal, a module-level CONSTANT, or constants joined by + or a conditional."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Name):
        return node.id in constants
    if isinstance(node, ast.BinOp):
        return _constant(node.left, constants) and _constant(node.right, constants)
    if isinstance(node, ast.IfExp):
        return _constant(node.body, constants) and _constant(node.orelse, constants)
    return False


def test_unescaped_html_is_only_ever_fed_constant_text():
    """st.html, components.html and unsafe_allow_html never receive record text.

    Their content must be constant: literals and module-level CONSTANTS, nothing computed.
    """
    offenders = []
    for path in APP_CODE:
        constants = {
            t.id
            for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.Assign)
            for t in node.targets
            if isinstance(t, ast.Name) and t.id.isupper()
        }
        offenders += [
            f"{path.relative_to(REPO)}:{call.lineno}"
            for call in _html_calls(path)
            if not _constant(call.args[0] if call.args else None, constants)
        ]
    assert offenders == []
