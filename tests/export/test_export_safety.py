"""Hostile cells and failed batches: exports that never run a formula and never destroy a previous good run."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest
from openpyxl import load_workbook

from geo.export import cli
from geo.export.tables import csv_bytes, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://example.invalid/x","点击查看")', "=1+1", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture(scope="module")
def hostile(measures) -> list[dict]:
    """Real measures whose text, sub-task and departments an importer filled with formulas."""
    out = []
    for i, bad in enumerate(HOSTILE):
        m = copy.deepcopy(measures[i])
        m["text"] = bad
        m["subtask"] = bad
        m["departments"] = [bad]
        out.append(m)
    return out


def test_xlsx_writes_formula_like_cells_as_text(hostile, gaz):
    ws = load_workbook(io.BytesIO(xlsx_bytes(hostile, gaz))).active
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        cells = dict(zip(header, row, strict=True))
        for col in ("具体措施", "子任务", "牵头部门"):
            cell = cells[col]
            assert cell.data_type == "s", (col, cell.value, cell.data_type)
            assert cell.value in HOSTILE or cell.value.lstrip("'") in HOSTILE
            # Excel's quote prefix: editing the cell later (F2, Enter) keeps it text, not a live formula.
            assert cell.quotePrefix, (col, cell.value)
    # And the text is kept as written: a reader sees the formula text, not its result.
    texts = [dict(zip(header, [c.value for c in r], strict=True))["具体措施"] for r in ws.iter_rows(min_row=2)]
    assert texts == HOSTILE


def test_csv_prefixes_formula_like_cells_with_a_quote(hostile, gaz):
    rows = list(csv.reader(io.StringIO(csv_bytes(hostile, gaz).decode("utf-8-sig"), newline="")))
    header = rows[0]
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        for col in ("具体措施", "子任务", "牵头部门"):
            assert cells[col].startswith("'"), (col, cells[col])
            assert cells[col][1:] in HOSTILE
    # A plain negative-looking id column or ordinary Chinese text is left alone.
    assert rows[1][0] == str(hostile[0]["id"])


def test_failed_batch_leaves_the_previous_run_untouched(tmp_path, monkeypatch):
    out = tmp_path / "batch"
    assert cli.main(["--by", "theme", "--format", "csv", "--out", str(out), "--quiet"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert "index.csv" in before and len(before) > 3

    # The third theme's table fails mid-run (a full disk, a bug): earlier themes were already written.
    from geo.export import tables

    real = tables.csv_bytes
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(tables, "csv_bytes", failing)
    assert cli.main(["--by", "theme", "--format", "csv", "--lang", "en", "--out", str(out), "--quiet"]) == 2
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # same files, same bytes: the old index still lists exactly what is there
    index = json.loads(after["index.json"])
    assert all(f in after for row in index for f in row["files"])
    assert not [p for p in tmp_path.iterdir() if p.name != "batch"]  # no staging folder left beside it


def test_successful_batch_replaces_the_previous_run_whole(tmp_path):
    out = tmp_path / "batch"
    assert cli.main(["--by", "theme", "--format", "csv", "--out", str(out), "--quiet"]) == 0
    (out / "notes.txt").write_text("mine")  # a file the user put there is not ours to delete
    assert cli.main(["--by", "theme", "--theme", "要素通", "--format", "csv", "--out", str(out), "--quiet"]) == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [r["group"] for r in index] == ["要素通"]
    names = {p.name for p in out.iterdir()}
    assert names == {*index[0]["files"], "index.csv", "index.json", "notes.txt"}
    assert not [p for p in tmp_path.iterdir() if p.name != "batch"]
