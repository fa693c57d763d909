"""`python -m geo.export` as a report writer runs it: batches with an index, and bad requests that write nothing."""

from __future__ import annotations

import csv
import io
import json
import runpy
from dataclasses import dataclass

import pytest
from PIL import Image

from geo.dataset import load_measures, theme_order
from geo.places.gazetteer import load_gazetteer
from geo.render.print.figure import paper_pixels
from geo.selection.filters import Filters, select


@dataclass
class Run:
    returncode: int
    stderr: str


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """`python -m geo.export ARGS` in this process (the module's __main__, argparse exits included): the same
    exit code and messages as from a shell, without the seconds a fresh interpreter costs."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.argv", ["python -m geo.export", *args])
        with pytest.raises(SystemExit) as exited:
            runpy.run_module("geo.export", run_name="__main__", alter_sys=True)
        return Run(exited.value.code, capsys.readouterr().err)

    return run


def test_batch_by_theme_writes_one_figure_per_theme_and_an_index(tmp_path, run_cli):
    out = tmp_path / "figures"
    # Two formats per group: a figure and a table (SVG and PDF rendering is checked in test_export.py).
    r = run_cli("--by", "theme", "--format", "png,csv", "--dpi", "60", "--date", "2026-01-31", "--out", str(out))
    assert r.returncode == 0, r.stderr
    themes = theme_order(load_measures())
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == len(themes) == len([p for p in out.glob("*.csv") if p.name != "index.csv"])
    for theme in themes:
        assert any(theme in p.name for p in pngs), theme
    assert Image.open(pngs[0]).size == paper_pixels("A4", "landscape", 60) == (702, 496)

    rows = list(csv.DictReader(io.StringIO((out / "index.csv").read_bytes().decode("utf-8-sig"))))
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [r["group"] for r in rows] == [r["group"] for r in index] == themes
    measures, gaz = load_measures(), load_gazetteer()
    for row in index:
        assert row["measures"] == len(select(measures, Filters(themes=(row["group"],)), gaz))
        assert all((out / f).is_file() for f in row["files"])
    assert "100%" in r.stderr  # the progress bar went to stderr
    assert not list(out.glob(".*part"))  # no temporary files left behind


def test_single_export_with_chinese_names_for_filters(tmp_path, run_cli):
    r = run_cli("--region", "深圳", "--dept", "广东省科学技术厅", "--format", "csv,xlsx,html", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv", "export.html", "export.xlsx"]
    measures, gaz = load_measures(), load_gazetteer()
    expected = select(measures, Filters(regions=("shenzhen",), departments=("省科技厅",)), gaz)
    body = (tmp_path / "export.csv").read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    assert len(list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))) == 1 + len(expected)


def test_the_language_may_be_written_as_a_usual_tag(tmp_path, run_cli):
    r = run_cli("--lang", "zh-TW", "--region", "深圳", "--format", "csv", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    header = (tmp_path / "export.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert "主題" in header  # 繁體, as --lang zh_hant gives


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--theme", "不存在的主题"], "要素通"),  # the message lists the valid themes
        (["--region", "atlantis"], "shenzhen"),
        (["--dept", "火星办"], "省科技厅"),
        (["--format", "png,docx"], "png, pdf, svg, html, csv, xlsx"),
        (["--paper", "Letter"], "A4"),
        (["--extent", "114,22,113"], "west,south,east,north"),
        (["--by", "colour"], "theme"),
        (["--lang", "fr"], "zh, zh_hant, en"),
    ],
)
def test_bad_request_exits_2_with_a_clear_message_and_writes_nothing(tmp_path, run_cli, args, message):
    out = tmp_path / "never"
    r = run_cli(*args, "--out", str(out))
    assert r.returncode == 2
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not out.exists()


def test_unwritable_output_folder_is_refused(tmp_path, run_cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = run_cli("--format", "csv", "--out", str(blocker / "sub"))
    assert r.returncode == 2
    assert "cannot write" in r.stderr and "Traceback" not in r.stderr
    assert blocker.read_text() == "not a folder"
