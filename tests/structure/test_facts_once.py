"""Each fact once: place ids and Chinese place names live in data/places.json, never as literals in the code that
reads them; the small data files that name places only name places the gazetteer has."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from geo import paths
from geo.i18n import LANGS, t
from geo.places.gazetteer import load_gazetteer
from geo.places.geotag import load_rules
from geo.render.print.figure import _crowded
from geo.selection.briefing import focus_places

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("geo", "ui", "pages", "app.py")
# Files another change is still moving to the data (each must still hold a literal, so that an entry cannot
# outlive its reason: remove it when the file is clean).
PENDING: dict[str, str] = {}


def place_words() -> dict[str, str]:
    """Every place id and every Chinese name or alias, with the place it belongs to."""
    words: dict[str, str] = {}
    for place in json.loads(paths.PLACES.read_text(encoding="utf-8")):
        for word in (place["id"], place["name_zh"], place["name_zh_hant"], *place.get("aliases", ())):
            words[word] = place["id"]
    return words


def docstring_nodes(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, nodes)
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
        and isinstance(n.body[0].value.value, str)
    }


def place_literals(path: Path, words: dict[str, str], root: Path = ROOT) -> list[str]:
    """String literals (docstrings and comments aside) that are a place id or a Chinese place name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = docstring_nodes(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value.strip()!r} ({words[node.value.strip()]})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and node.value.strip() in words
    ]


def scanned_files() -> list[Path]:
    return sorted(
        p for name in SCANNED for p in ((ROOT / name).rglob("*.py") if (ROOT / name).is_dir() else [ROOT / name])
    )


def test_the_scan_finds_a_place_literal_and_skips_docstrings_and_comments(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""横琴 in a docstring."""\n# hengqin in a comment\nA = "hengqin"\nB = ["澳门", "not a place"]\n'
    )
    found = [line.split(": ", 1)[1] for line in place_literals(sample, place_words(), tmp_path)]
    assert found == ["'hengqin' (hengqin)", "'澳门' (macau)"]


def test_no_place_id_or_chinese_place_name_as_a_literal_in_code():
    words = place_words()
    found = [hit for path in scanned_files() for hit in place_literals(path, words)]
    pending = {p for p in PENDING if any(hit.startswith(p + ":") for hit in found)}
    assert pending == set(PENDING), "clean now, drop from PENDING: " + ", ".join(set(PENDING) - pending)
    rest = [hit for hit in found if hit.split(":", 1)[0] not in PENDING]
    assert not rest, "read these from data/places.json (or a data file naming ids):\n" + "\n".join(rest)


def test_data_files_name_only_gazetteer_places():
    gaz = load_gazetteer()
    focus = focus_places()
    assert focus and len({key for key, _ in focus}) == len(focus)
    for _key, places in focus:
        assert places and all(p in gaz for p in places), places
    assert _crowded() and all(p in gaz for p in _crowded())
    assert load_rules().not_specific and all(p in gaz for p in load_rules().not_specific)


def test_the_bridge_label_is_the_gazetteer_name_in_every_language():
    (bridge,) = load_gazetteer().of_kind("corridor")
    for lang in LANGS:
        assert t("map_key_corridor", lang) == bridge.name(lang)
