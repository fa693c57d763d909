"""The import graph: no cycle inside geo/ or ui/, and the deck and the print figure stay free of the web stack."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("geo", "ui")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, module: str) -> set[str]:
    """Every module an import statement names, at module level or inside a function (a deferred import still ties
    the two modules together: it only hides the cycle until the function runs)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)  # `from geo import paths`
    return names


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    files = {module_name(p, root): p for pkg in PACKAGES for p in sorted((root / pkg).rglob("*.py"))}
    return {m: {n for n in imported_names(p, m) if n in files and n != m} for m, p in files.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path a → b → … → a, or None (depth-first search, grey/black marking)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_cycle_finder_sees_a_cycle():
    graph = {"ui.state": {"ui.dataset_state"}, "ui.dataset_state": {"ui.nav"}, "ui.nav": {"ui.state"}, "geo.x": set()}
    assert find_cycle(graph) == ["ui.dataset_state", "ui.nav", "ui.state", "ui.dataset_state"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_import_graph_reads_relative_and_deferred_imports(tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "ui").mkdir()
    (tmp_path / "geo" / "__init__.py").write_text("")
    (tmp_path / "geo" / "a.py").write_text("from . import b\n")
    (tmp_path / "geo" / "b.py").write_text("def f():\n    import geo.a\n")
    (tmp_path / "ui" / "__init__.py").write_text("")
    graph = import_graph(tmp_path)
    assert graph["geo.a"] == {"geo", "geo.b"} and graph["geo.b"] == {"geo.a"}  # `from . import b` runs geo too
    assert find_cycle(graph) == ["geo.a", "geo.b", "geo.a"]


def test_no_import_cycle_in_geo_or_ui():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


# Builds a deck and a print figure from the real data in a fresh interpreter, then lists the web modules it loaded.
_BUILD_DECK_AND_FIGURE = """
import sys
from geo.dataset import load_measures
from geo.places.gazetteer import load_gazetteer
from geo.render.print.figure import FigureOptions, figure_bytes, render_figure
from geo.selection.briefing import build_slides
from geo.selection.filters import Filters
measures, gaz = load_measures(), load_gazetteer()
assert len(build_slides(measures, gaz)) > 10
assert figure_bytes(render_figure(measures, Filters(), FigureOptions(), gaz), "png", dpi=40)[:4] == b"\\x89PNG"
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("folium", "branca", "streamlit"))))
"""


def test_deck_and_print_figure_load_neither_folium_nor_streamlit():
    out = subprocess.run(
        [sys.executable, "-c", _BUILD_DECK_AND_FIGURE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
