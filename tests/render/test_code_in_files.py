"""JS and CSS live in files under static/, never in Python strings: a scan of every string literal in geo/, ui/ and
pages/ (and app.py) for JavaScript functions and CSS rules. Docstrings and comments may talk about them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("geo", "ui", "pages", "app.py")

# A JS function (function … ( / arrow function) or a CSS rule: a selector, then { property: value; … }.
JS_FUNCTION = re.compile(r"\bfunction\b\s*[\w$]*\s*\(|\)\s*=>|\b\w+\s*=>")
CSS_RULE = re.compile(r"[\w\]\)*>.:#-]\s*\{[^{}]*?[a-z-]+\s*:\s*[^;{}]+;[^{}]*\}")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _strings(tree: ast.AST):
    """(line, text) of every string literal; an f-string is read with its fields replaced by a placeholder."""
    skip = _docstrings(tree)
    inside_fstring = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str):
                    parts.append(v.value)
                    inside_fstring.add(id(v))
                else:
                    parts.append("x")
            yield node.lineno, "".join(parts)
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in skip and id(node) not in inside_fstring:
            yield node.lineno, node.value


def inline_code(root: Path) -> list[str]:
    """`file:line: what` for every string literal under root that holds a JS function or a CSS rule."""
    found = []
    files = []
    for name in SCANNED:
        path = root / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, text in _strings(tree):
            for what, pattern in (("JS function", JS_FUNCTION), ("CSS rule", CSS_RULE)):
                match = pattern.search(text)
                if match:
                    found.append(f"{path.relative_to(root)}:{line}: {what} {match.group(0)[:60]!r}")
    return found


def test_no_javascript_or_css_in_python_strings():
    assert inline_code(ROOT) == []


@pytest.mark.parametrize(
    "source",
    [
        'JS = """map.on("zoomend", function() { sync(); });"""',
        "JS = 'items.forEach(d => add(d))'",
        'CSS = "<style>.dba-label div { font-size: 12px; }</style>"',
        'CSS = f".dba-label .zone {{ color: {colour} !important; }}"',
    ],
)
def test_the_scan_finds_code_in_strings(tmp_path, source):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "bad.py").write_text(f'"""A module."""\n\n{source}\n', encoding="utf-8")
    (tmp_path / "app.py").write_text('"""function f() { a: b; }"""\n', encoding="utf-8")  # a docstring may
    assert [f.split(":")[0] for f in inline_code(tmp_path)] == ["geo/bad.py"]
