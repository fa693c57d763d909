"""`python -m geo.ingest`: the committed dataset is exactly what the command writes from the seed, and
every kind of bad input gets one clear line, exit code 2 and an untouched --out file."""

from __future__ import annotations

import json
import runpy

import pytest

from geo.ingest import cli as ingest_cli
from geo.ingest import pipeline as ingest
from geo.paths import MEASURES, SEED_SOURCE

# Every record has these keys, in the contract's order (a table without a 完成时限 column has no deadline).
RECORD_KEYS = [key for key in ingest.KEY_ORDER if key != "deadline"]
SUMMARY = "digital-bay-area-task-table.txt: 60 measures, 9 themes, 46 departments, 0 unknown departments"


def run_module(monkeypatch, *args: str) -> int:
    """`python -m geo.ingest ARGS` in this process: the module's __main__ runs as the shell would run it, without
    the second or two a fresh interpreter costs."""
    monkeypatch.setattr("sys.argv", ["python -m geo.ingest", *args])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("geo.ingest", run_name="__main__", alter_sys=True)
    return exited.value.code


def test_command_reproduces_the_committed_dataset_byte_for_byte(tmp_path, monkeypatch, capsys):
    out = tmp_path / "measures.json"
    assert run_module(monkeypatch, "--out", str(out)) == 0
    captured = capsys.readouterr()
    assert out.read_bytes() == MEASURES.read_bytes()
    assert captured.err.strip() == SUMMARY
    assert captured.out == ""


def test_source_without_out_prints_json_to_stdout(capsys):
    assert ingest_cli.main([str(SEED_SOURCE)]) == 0
    captured = capsys.readouterr()
    assert captured.out == MEASURES.read_text(encoding="utf-8")
    assert captured.err.strip() == SUMMARY


def test_no_arguments_regenerates_the_default_dataset(tmp_path, monkeypatch, capsys):
    target = tmp_path / "measures.json"
    monkeypatch.setattr(ingest_cli, "MEASURES", target)
    assert ingest_cli.main([]) == 0
    assert target.read_bytes() == MEASURES.read_bytes()
    assert capsys.readouterr().err.strip() == SUMMARY
    assert [p.name for p in tmp_path.iterdir()] == ["measures.json"]  # no temp file left behind


def test_dataset_file_format():
    text = MEASURES.read_text(encoding="utf-8")
    measures = json.loads(text)
    assert text == json.dumps(measures, ensure_ascii=False, indent=2) + "\n"
    assert "要素通" in text  # Chinese written as such, not \\u-escaped
    for m in measures:
        assert list(m) == RECORD_KEYS
        for tag in m["places"]:
            assert set(tag) == {"place", "evidence", "rule"}


def test_places_come_from_the_geotagger():
    measures = json.loads(MEASURES.read_text(encoding="utf-8"))
    for m in measures:
        base = {k: v for k, v in m.items() if k != "places"}
        expected = ingest.tag_measure(base)
        assert m["places"] == expected, m["id"]


def test_with_places_uses_the_given_tagger_and_contract_order():
    measure = {
        "id": 1,
        "source": {"document": "d", "row": 1},
        "theme": "t",
        "theme_short": "t",
        "subtask": "",
        "text": "广州。",
        "departments": [],
        "deadline": "2025",
    }
    tagged = ingest.with_places(measure, lambda m: [{"place": "guangzhou", "evidence": m["text"][:2], "rule": "city"}])
    assert list(tagged) == [
        "id",
        "theme",
        "theme_short",
        "subtask",
        "text",
        "departments",
        "deadline",
        "places",
        "source",
    ]
    assert tagged["places"] == [{"place": "guangzhou", "evidence": "广州", "rule": "city"}]


def test_summary_reports_unknown_departments():
    measures = [
        {"theme": "甲", "departments": ["省科技厅", "省新设局"], "co_departments": ["某某公司"]},
        {"theme": "乙", "departments": ["省科技厅"]},
    ]
    summary = ingest.summarize(measures)
    assert summary.unknown_departments == ["省新设局", "某某公司"]
    assert (
        summary.line("t.csv")
        == "t.csv: 2 measures, 2 themes, 3 departments, 2 unknown departments (省新设局、某某公司)"
    )


BAD_INPUTS = {
    "missing.csv": (None, "missing.csv: no such file"),
    "table.xls": (b"\xd0\xcf\x11\xe0 old excel", "table.xls: not a valid .xls file"),
    "table.et": (b"\xd0\xcf\x11\xe0 wps", "table.et: unsupported file type '.et': WPS Office spreadsheet (.et)"),
    "scan.pdf": (b"%PDF-1.7 truncated", "scan.pdf: cannot read the PDF"),
    "notes.md": ("# 序号 具体措施 牵头部门".encode(), "notes.md: unsupported file type '.md'"),
    "empty.csv": (b"", "empty.csv: empty file"),
    "blank.txt": (b"\n \n", "blank.txt: empty file"),
    "garbage.csv": (bytes(range(256)) * 16, "garbage.csv, line 1: a NUL byte at byte 0"),
    "garbage.xlsx": (bytes(range(256)) * 16, "garbage.xlsx: not a valid .xlsx file"),
    "noheader.csv": ("名称,说明\n甲,乙\n".encode(), "noheader.csv: no recognisable header"),
    "notext.csv": (
        "序号,牵头部门,完成时限\n1,省科技厅,2025年\n".encode(),
        "notext.csv, row 1: missing 具体措施 column",
    ),
    "nodept.csv": ("序号,工作任务,具体措施\n1,甲,措施。\n".encode(), "nodept.csv, row 1: missing 牵头部门 column"),
    "dup.csv": (
        "序号,具体措施,牵头部门\n1,甲。,省科技厅\n1,乙。,省教育厅\n".encode(),
        "dup.csv, row 3, column 1 (序号): duplicate 序号 1 (first used in row 2)",
    ),
    "latin.csv": (
        "序号,具体措施,牵头部门\n".encode() + b"1,\xff\xfe\xff,\x80\x80\n",
        "latin.csv, line 2: undecodable text",
    ),
    "noheader.txt": ("这是一份通知。\n".encode(), "noheader.txt: no recognisable header"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_one_line_exit_2_out_untouched(tmp_path, capsys, name):
    content, message = BAD_INPUTS[name]
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "out.json"
    out.write_text("previous dataset\n", encoding="utf-8")
    assert ingest_cli.main([str(source), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert message in lines[0]
    assert captured.out == ""
    assert out.read_text(encoding="utf-8") == "previous dataset\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {name, "out.json"} - ({name} if content is None else set())
    )


def test_bad_input_through_the_real_command(tmp_path, monkeypatch, capsys):
    source = tmp_path / "dup.csv"
    source.write_bytes(BAD_INPUTS["dup.csv"][0])
    out = tmp_path / "out.json"
    out.write_text("keep", encoding="utf-8")
    assert run_module(monkeypatch, str(source), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith(BAD_INPUTS["dup.csv"][1])
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "keep"


def test_directory_and_unwritable_out(tmp_path, capsys):
    assert ingest_cli.main([str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert ingest_cli.main([str(SEED_SOURCE), "--out", str(tmp_path / "no" / "such" / "dir.json")]) == 2
    assert "directory does not exist" in capsys.readouterr().err


def test_load_table_raises_ingest_error_only(tmp_path):
    with pytest.raises(ingest.IngestError, match="needs|name"):
        ingest.load_table(b"a,b")
    with pytest.raises(ingest.IngestError, match="no such file"):
        ingest.load_table(tmp_path / "none.xlsx")
    measures = ingest.load_table(SEED_SOURCE.read_bytes(), "digital-bay-area-task-table.txt")
    assert measures == json.loads(MEASURES.read_text(encoding="utf-8"))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_seed_text_in_other_encodings_gives_the_same_dataset(encoding):
    data = SEED_SOURCE.read_text(encoding="utf-8").encode(encoding)
    measures = ingest.load_table(data, SEED_SOURCE.name)
    assert measures == json.loads(MEASURES.read_text(encoding="utf-8"))


def test_csv_table_to_stdout(tmp_path, capsys):
    source = tmp_path / "任务表.csv"
    source.write_bytes(
        "编号,重点任务,工作措施,责任单位,完成时间\n1,一、数据“要素通”,推进数据流通。,省政务服务数据管理局,2025年\n".encode(
            "gbk"
        )
    )
    assert ingest_cli.main([str(source), "--out", "-"]) == 0
    captured = capsys.readouterr()
    [measure] = json.loads(captured.out)
    assert measure["theme"] == "数据“要素通”" and measure["theme_short"] == "要素通"
    assert measure["deadline"] == "2025年"
    assert measure["source"] == {"document": "任务表", "row": 1}
    assert captured.err.strip() == "任务表.csv: 1 measures, 1 themes, 1 departments, 0 unknown departments"
