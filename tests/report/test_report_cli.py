"""`python -m geo.report` in-process: bad input exits 2 with one line and writes nothing; a --by batch writes one
report per department plus an index; the default as-of date is the period's due day."""

from __future__ import annotations

import json

import pytest
from docx import Document
from openpyxl import load_workbook

from geo.progress.status import snapshot
from geo.report.cli import main
from geo.report.content import build
from tests.report.conftest import PERIOD


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    code = main([*argv, "--quiet"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--plan", "999", "--period", PERIOD], "unknown plan: 999"),
        (["--plan", "{plan}", "--period", "2026-09"], "is not a quarterly period"),
        (["--plan", "{plan}", "--period", PERIOD, "--by", "city"], "unknown --by value: 'city'"),
        (["--plan", "{plan}", "--period", PERIOD, "--format", "docx,odt"], "unknown format: odt"),
        (["--plan", "{plan}", "--period", PERIOD, "--as-of", "2026-02-30"], "--as-of must be YYYY-MM-DD"),
        (["--plan", "{plan}", "--period", PERIOD, "--as-of", "2026-06-30"], "is before 2026-Q3 starts"),
        (["--plan", "x", "--period", PERIOD], "plan must be a number"),
        (["--plan", "{plan}"], "required: --period"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(report_env, tmp_path, capsys, args, says):
    _, plan_id = report_env
    out = tmp_path / "out"
    code, err = _run(capsys, [a.format(plan=plan_id) for a in args] + ["--out", str(out)])
    assert code == 2
    assert says in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists()


def test_an_output_path_that_is_a_file_is_refused_and_left_alone(report_env, tmp_path, capsys):
    _, plan_id = report_env
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous")
    code, err = _run(capsys, ["--plan", str(plan_id), "--period", PERIOD, "--out", str(target)])
    assert code == 2 and "not a folder" in err
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]


def test_by_department_writes_one_report_per_department_and_an_index(report_env, tmp_path, capsys):
    url, plan_id = report_env
    out = tmp_path / "by-dept"
    code, err = _run(capsys, ["--plan", str(plan_id), "--period", PERIOD, "--by", "department", "--format", "xlsx",
                              "--out", str(out)])  # fmt: skip
    assert code == 0, err
    facts = build(plan_id, PERIOD, _gaz(), url=url)
    departments = set(facts.snap.department_stats)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {row["group"] for row in index} == departments
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f for row in index for f in row["files"]] + ["index.csv", "index.json"])
    assert len(files) == len(departments) + 2
    # Each department's workbook lists that department's assignments only.
    row = next(r for r in index if r["measures"] > 3)
    wb = load_workbook(out / row["files"][0])
    assert [r[0] for r in wb["各单位情况"].iter_rows(min_row=2, values_only=True)] == [row["group"]]
    assert wb["分主题进展"].max_row - 1 == facts.snap.department_stats[row["group"]].items


def test_default_as_of_is_the_due_day_and_earlier_facts_only(report_env, tmp_path, capsys):
    url, plan_id = report_env
    out = tmp_path / "one"
    code, err = _run(capsys, ["--plan", str(plan_id), "--period", PERIOD, "--format", "docx", "--out", str(out)])
    assert code == 0, err
    doc = Document(out / f"进展通报-{PERIOD}.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "截至 2026年10月5日" in text  # 2026-09-30 + the plan's 5 due days
    facts = build(plan_id, PERIOD, _gaz(), url=url)
    assert facts.as_of.isoformat() == "2026-10-05"
    later = snapshot(plan_id, facts.as_of.replace(month=11, day=15), url=url)
    # Reports submitted after the due day are not in the report's figures.
    content = facts.content(facts.scopes(None)[0])
    assert content.on_time_reports <= sum(d.on_time_reports for d in later.department_stats.values())
    summary = next(p.text for p in doc.paragraphs if p.text.startswith("纳入统计"))
    assert f"完成{content.completed}项" in summary or f"已完成{content.completed}项" in summary


def _gaz():
    from geo.places.gazetteer import load_gazetteer

    return load_gazetteer()
