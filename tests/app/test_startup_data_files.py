"""Every data file the app reads is checked at start-up: a broken one gives one line naming the file and, for a
wrong shape, the key or position (issue 18). Before, only measures, places, departments and the boundary layers
were checked; a truncated style.json or a search.json with a string weight was a traceback inside a page.

The data folder is copied to a temporary one and geo.paths pointed at it; then one file is broken.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.boundaries import LAYERS
from geo.datafiles import data_problems, startup_files
from geo.dataset import MEASURES_ENV

ROOT = Path(__file__).resolve().parents[2]


def _edit(name: str, change) -> object:
    data = json.loads((paths.DATA / name).read_text(encoding="utf-8"))
    return change(data) or data


def _drop(mapping: dict, key: str) -> None:
    del mapping[key]


# file -> (a wrong shape its loader would trip on, the line the check gives for it)
WRONG_SHAPES = {
    "briefing.json": (
        {"focus_places": [{"slide": "a", "places": ["x"]}, {"slide": "b", "places": "x"}]},
        "at 'focus_places' item 2 'places': expected a list, found a string",
    ),
    "print_figure.json": ({"crowded": []}, "missing key 'crowded_labels'"),
    "search.json": (
        {"equivalents": [["a", "b"]], "field_weights": {"text": "3"}},
        "at 'field_weights' 'text': expected a number, found a string",
    ),
    "seed_plan.json": (
        {"title": "计划", "issued_on": "2024-13-01"},
        "at 'issued_on': expected a date (YYYY-MM-DD) or null, found a string",
    ),
    "style.json": (
        _edit("style.json", lambda d: _drop(d["looks"]["light"], "accent")),
        "at 'looks' 'light': missing key 'accent'",
    ),
    "themes.json": ({"要素通": {"full_zh": "以数据流动带动要素市场化"}}, "at '要素通': missing key 'en'"),
    "departments_en.json": ({"省科技厅": 3}, "at '省科技厅': expected a string, found a number"),
    "department_rules.json": (
        _edit("department_rules.json", lambda d: _drop(d["roles"], "co")),
        "at 'roles': missing key 'co'",
    ),
    "geotag_rules.json": ({"compounds": {}}, "cannot read geotag rules (KeyError: 'expand_to_members')"),
    "progress.json": (
        {"version": 1, "timezone": "Asia/Shanghai"},
        "a progress rule has the wrong shape (KeyError: 'lights')",
    ),
    "place_overrides.json": (
        [{"document": "digital-bay-area-task-table", "measure": "14", "add": []}],
        "entry 0: needs a 'document' (source document name) and an integer 'measure'",
    ),
}
NEW_FILES = sorted(WRONG_SHAPES)


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """A copy of data/ (top-level files and the boundary layers), with geo.paths pointing at it."""
    for path in paths.DATA.glob("*.json"):
        shutil.copyfile(path, tmp_path / path.name)
    shutil.copytree(paths.BOUNDARIES, tmp_path / "boundaries")
    monkeypatch.delenv(MEASURES_ENV, raising=False)
    monkeypatch.setattr(paths, "DATA", tmp_path)
    for name, file in (("MEASURES", "measures"), ("PLACES", "places"), ("DEPARTMENTS", "departments")):
        monkeypatch.setattr(paths, name, tmp_path / f"{file}.json")
    monkeypatch.setattr(paths, "GEOTAG_RULES", tmp_path / "geotag_rules.json")
    monkeypatch.setattr(paths, "PLACE_OVERRIDES", tmp_path / "place_overrides.json")
    monkeypatch.setattr(paths, "BOUNDARIES", tmp_path / "boundaries")
    return tmp_path


def test_every_data_file_is_in_the_start_up_check():
    """data/*.json and each boundary layer: a new data file without a check fails here."""
    checked = {path.resolve() for path, _ in startup_files()}
    on_disk = {p.resolve() for p in paths.DATA.glob("*.json")}
    on_disk |= {(paths.BOUNDARIES / f"{name}.geojson").resolve() for name in LAYERS}
    assert on_disk - checked == set(), "add these to geo/datafiles.py"


def test_the_check_reads_the_files_the_loaders_read():
    from geo.ingest import departments
    from geo.progress import rules as progress_rules
    from geo.render import style
    from geo.selection import search
    from geo.store import plans

    checked = {path.name: path for path, _ in startup_files()}
    loaders = (search.SEARCH_RULES, style.STYLE_FILE, plans.SEED_PLAN, departments.RULES, progress_rules.RULES_FILE)
    for loader_path in loaders:
        assert checked[loader_path.name] == loader_path
    assert checked["briefing.json"] == paths.BRIEFING and checked["print_figure.json"] == paths.PRINT_FIGURE


def test_intact_copy_has_no_problems(data_dir):
    assert data_problems() == []


@pytest.mark.parametrize("name", NEW_FILES)
def test_a_wrong_shape_names_the_file_and_the_key(data_dir, name):
    wrong, expected = WRONG_SHAPES[name]
    (data_dir / name).write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    problems = data_problems()
    assert [(p.path.name, p.problem) for p in problems] == [(name, expected)]


@pytest.mark.parametrize("name", NEW_FILES)
def test_a_truncated_file_names_the_file_and_the_position(data_dir, name):
    data = (data_dir / name).read_bytes()
    (data_dir / name).write_bytes(data[: len(data) // 2])
    (problem,) = data_problems()
    assert problem.path.name == name
    assert problem.problem.startswith("not valid JSON at line ") or "truncated" in problem.problem
    assert "truncated" in problem.problem, problem.problem


@pytest.mark.parametrize("name", NEW_FILES)
def test_a_missing_file_is_named(data_dir, name):
    (data_dir / name).unlink()
    expected = [] if name == "place_overrides.json" else [(name, "missing")]  # its loader reads no file as none
    assert [(p.path.name, p.problem) for p in data_problems()] == expected


@pytest.mark.parametrize(("name", "page"), [("style.json", "pages/0_地图.py"), ("search.json", "pages/1_措施列表.py")])
def test_the_page_names_a_broken_rules_file_instead_of_a_traceback(data_dir, name, page):
    wrong, expected = WRONG_SHAPES[name]
    (data_dir / name).write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["数据文件无法使用"]
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 1 and name in errors[0] and expected in errors[0], errors
