"""`python -m geo.export --measures FILE` with a broken or wrong-shaped file: one line, exit 2, nothing written.

Before: a list of objects without theme_short ended in a traceback (KeyError: 'theme_short').
"""

from __future__ import annotations

import json

import pytest

from geo.export.cli import main

CASES = {
    "no-theme-short.json": (
        [{"id": 1, "theme": "主题", "text": "措施。", "departments": []}],
        "missing key 'theme_short'",
    ),
    "object.json": ({"measures": []}, "expected a list of measures, found an object"),
    "bad-departments.json": (
        [{"id": 1, "theme": "主题", "theme_short": "主", "subtask": "", "text": "措施。", "departments": "省科技厅"}],
        "'departments' should be a list, found a string",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_wrong_shaped_measures_file_is_one_line(tmp_path, capsys, name):
    data, expected = CASES[name]
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--measures", str(path), "--out", str(out), "--format", "csv", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and name in err and "Traceback" not in err
    assert not out.exists()


def test_truncated_measures_file_is_one_line(tmp_path, capsys):
    path = tmp_path / "cut.json"
    path.write_text('[{"id": 1, "theme": "主', encoding="utf-8")
    assert main(["--measures", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    assert "the file looks truncated" in capsys.readouterr().err
