"""Broken data files at start-up: every page shows which file is wrong and what is wrong, never a traceback.

The start-up files (measures, places, departments, each boundary layer) are copied to a temporary folder and
geo.paths is pointed at it; then one file is corrupted, truncated, given the wrong shape or removed. Before,
a wrong-shaped measures.json gave KeyError: 'theme_short' and a truncated cities.geojson a JSONDecodeError trace.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.boundaries import LAYERS
from geo.datafiles import data_problems
from geo.dataset import MEASURES_ENV

FILES = ["measures.json", "places.json", "departments.json", *(f"boundaries/{n}.geojson" for n in LAYERS)]
WRONG_SHAPE = {
    "measures.json": [{"id": 1, "theme": "主题", "text": "措施。", "departments": []}],  # no theme_short
    "places.json": {"places": []},
    "departments.json": {
        "categories": ["其他"],
        "unknown_category": "其他",
        "departments": [{"name": "省科技厅"}],
    },  # no category
}
FAULTS = ("corrupted", "truncated", "wrong shape", "missing")
EXPECTED = {
    "corrupted": "not UTF-8 text",
    "truncated": "the file looks truncated",
    "missing": "missing",
}


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the start-up files, with geo.paths pointing at it."""
    (tmp_path / "boundaries").mkdir()
    for name in FILES:
        shutil.copyfile(paths.DATA / name, tmp_path / name)
    monkeypatch.delenv(MEASURES_ENV, raising=False)
    monkeypatch.setattr(paths, "MEASURES", tmp_path / "measures.json")
    monkeypatch.setattr(paths, "PLACES", tmp_path / "places.json")
    monkeypatch.setattr(paths, "DEPARTMENTS", tmp_path / "departments.json")
    monkeypatch.setattr(paths, "BOUNDARIES", tmp_path / "boundaries")
    return tmp_path


def _break(path: Path, fault: str) -> None:
    if fault == "corrupted":
        path.write_bytes(b"\xff\xfe\x00garbage" + path.read_bytes()[:200])
    elif fault == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif fault == "wrong shape":
        feature = {"type": "Feature", "properties": {"place": "x"}, "geometry": {"type": "Polygon", "coordinates": "?"}}
        shape = WRONG_SHAPE.get(path.name, {"type": "FeatureCollection", "features": [feature]})
        path.write_text(json.dumps(shape, ensure_ascii=False), encoding="utf-8")
    else:
        path.unlink()


def test_intact_copy_has_no_problems(data_dir):
    assert data_problems() == []


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", FILES)
def test_each_fault_of_each_file_is_named(data_dir, name, fault):
    _break(data_dir / name, fault)
    problems = data_problems()
    assert [p.path.name for p in problems] == [Path(name).name]
    if fault in EXPECTED:
        assert EXPECTED[fault] in problems[0].problem
    elif name == "measures.json":
        assert problems[0].problem == "entry 1 (id 1): missing key 'theme_short'"
    elif name.endswith(".geojson"):
        assert problems[0].problem.startswith("feature 1:")
    else:
        assert "expected a" in problems[0].problem or "wrong shape" in problems[0].problem


# One page run per file (the fault rotates), through app.py's navigation as a user reaches each page.
PAGE_CASES = [
    ("measures.json", "wrong shape", None, "entry 1 (id 1): missing key 'theme_short'"),
    ("places.json", "truncated", "pages/1_措施列表.py", "the file looks truncated"),
    ("departments.json", "corrupted", "pages/2_汇报模式.py", "not UTF-8 text"),
    ("boundaries/cities.geojson", "missing", None, "文件不存在"),
    ("boundaries/cities.geojson", "truncated", "pages/3_导出.py", "the file looks truncated"),
    ("boundaries/zones.geojson", "wrong shape", "pages/4_导入数据.py", "feature 1: unreadable geometry"),
    ("boundaries/context.geojson", "corrupted", None, "not UTF-8 text"),
    ("boundaries/corridors.geojson", "truncated", None, "the file looks truncated"),
]


@pytest.mark.parametrize(("name", "fault", "page", "expected"), PAGE_CASES)
def test_page_names_the_broken_file_instead_of_a_traceback(data_dir, name, fault, page, expected):
    _break(data_dir / name, fault)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=90)
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [t.value for t in at.title] == ["数据文件无法使用"]
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 1 and Path(name).name in errors[0] and expected in errors[0], errors


def test_page_in_english_and_the_app_recovers_when_the_file_is_restored(data_dir):
    original = (data_dir / "measures.json").read_bytes()
    _break(data_dir / "measures.json", "truncated")
    at = run_page(None, query={"lang": "en"}, timeout=90)
    assert [t.value for t in at.title] == ["A data file cannot be used"]
    (data_dir / "measures.json").write_bytes(original)
    at.run()
    assert not at.exception and not at.error
    assert "A data file cannot be used" not in [t.value for t in at.title]
