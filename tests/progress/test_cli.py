"""`python -m geo.progress` in process (main(argv)), on SQLite and PostgreSQL: the sheet round trip, status and
history as JSON, sample data in and out, the reporting cycle; bad input is one line per problem and exit 2."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from progress_support import FIRST, PLAN, SCI, edit, noon, report_count

from geo.progress import sheets
from geo.progress.cli import main
from geo.progress.periods import period_of
from geo.progress.rules import load_rules
from geo.store import progress_service, service


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_template_import_status_and_history(world, tmp_path, capsys):
    path = tmp_path / "sci.xlsx"
    code, _, err = run(
        capsys, "template", "--plan", "1", "--department", SCI, "--period", "2026-Q4", "--out", str(path)
    )
    assert (code, err.strip()) == (0, f"wrote {path} ({SCI}, 2026-Q4)")
    first = service.list_assignments(PLAN, department=SCI)[0]
    path.write_bytes(edit(path.read_bytes(), {(FIRST, "status"): "推进中", (FIRST, "percent"): "60%",
                                              (FIRST, "as_of"): "2026-11-28"}))  # fmt: skip
    code, out, err = run(capsys, "import", str(path), "--as", "sci")
    assert code == 0, err
    assert out.splitlines() == [f"{first.measure}\t{SCI}\t2026-Q4 v1\tsubmitted\t推进中"]
    assert "imported 1 report(s) from sci.xlsx as sci" in err

    # As of today in the plan's time zone: the import was sent today (a fixed date would miss it after midnight
    # in Shanghai, 16:00 UTC).
    today = load_rules().today()
    code, out, _ = run(capsys, "status", "--plan", "1", "--as-of", today.isoformat(), "--json")
    assert code == 0
    data = json.loads(out)
    quarter = period_of(today, "quarterly").name
    assert (data["plan"], data["as_of"], data["current_period"], data["sample"]) == (
        1,
        today.isoformat(),
        quarter,
        False,
    )
    row = next(m for m in data["measures"] if m["id"] == first.measure)
    assert (row["status"], row["percent"], row["last_report_on"]) == ("推进中", 60, "2026-11-28")
    assert {"light", "next_milestone", "departments"} <= row.keys()
    ours = next(d for d in row["departments"] if d["department"] == SCI)
    assert (ours["status"], ours["report_state"]) == ("推进中", "submitted")
    assert {m["light"] for m in data["measures"]} <= {"green", "yellow", "red"}
    # As of a day before the report was sent, it is not there.
    _, out, _ = run(capsys, "status", "--plan", "1", "--as-of", "2026-01-15", "--json")
    before = next(m for m in json.loads(out)["measures"] if m["id"] == first.measure)
    assert before["status"] is None

    progress_service.add_milestone(world["sci"], first.id, "完成平台联调", dt.date(2026, 12, 20))
    code, out, _ = run(capsys, "history", "--plan", "1", "--measure", str(first.measure), "--json")
    assert code == 0
    history = json.loads(out)
    ours = next(d for d in history["departments"] if d["department"] == SCI)
    assert [(m["text"], m["due_on"], m["version"]) for m in ours["milestones"]][-1] == ("完成平台联调", "2026-12-20", 1)
    assert [(r["period"], r["state"], r["author"]) for r in ours["reports"]] == [("2026-Q4", "submitted", "sci")]
    code, out, _ = run(capsys, "history", "--plan", "1", "--measure", str(first.measure))
    assert code == 0 and "report 2026-Q4 v1\tsubmitted\t推进中" in out


def test_a_bad_sheet_on_the_command_line_is_one_line_per_error_exit_2_nothing_saved(world, tmp_path, capsys):
    path = tmp_path / "bad.xlsx"
    data = sheets.write_template(PLAN, SCI, "2026-Q4")
    path.write_bytes(edit(data, {(FIRST, "status"): "完成", (FIRST + 1, "status"): "推进中",
                                 (FIRST + 1, "percent"): 140}))  # fmt: skip
    code, out, err = run(capsys, "import", str(path), "--as", "sci")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: bad.xlsx: row {FIRST}, column 进展状态: '完成' is not one of 未启动、推进中、已完成、滞后、暂缓",
        f"error: bad.xlsx: row {FIRST + 1}, column 完成比例: 140% is outside 0–100",
    ]
    assert report_count() == 0


@pytest.mark.parametrize(
    "argv, words",
    [
        (["template", "--plan", "1", "--department", SCI, "--period", "2026-12", "--out", "x.xlsx"],
         "not a quarterly period"),
        (["template", "--plan", "1", "--department", "火星局", "--period", "2026-Q4", "--out", "x.xlsx"],
         "no assignments of 火星局"),
        (["template", "--plan", "99", "--department", SCI, "--period", "2026-Q4", "--out", "x.xlsx"], "99"),
        (["import", "x.xlsx", "--as", "nobody"], "nobody cannot act"),
        (["import", "missing.xlsx", "--as", "sci"], "no such file"),
        (["status", "--plan", "1", "--as-of", "30.11.2026"], "not a date"),
        (["status", "--plan", "99"], "99"),
        (["history", "--plan", "1", "--measure", "999"], "no measure 999"),
        (["cycle", "--plan", "1", "--cycle", "quarterly", "--due-days", "400"], "due days must be 0–90"),
        (["cycle", "--plan", "1", "--cycle", "weekly"], "invalid choice"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(world, tmp_path, monkeypatch, capsys, argv, words):
    monkeypatch.chdir(tmp_path)
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as exc:  # argparse's own refusals (OneLineParser: one line, exit 2)
        code, (out, err) = exc.code, capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and words in err, err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_disabled_user_imports_nothing(world, tmp_path, capsys):
    path = tmp_path / "sci.xlsx"
    path.write_bytes(edit(sheets.write_template(PLAN, SCI, "2026-Q4"), {(FIRST, "status"): "推进中"}))
    service.set_disabled(service.OPERATOR, "sci")
    code, _, err = run(capsys, "import", str(path), "--as", "sci")
    assert code == 2 and "sci cannot act" in err
    assert report_count() == 0


def test_demo_fills_flagged_sample_reports_and_removes_them_in_one_command(small, world, capsys):
    plan = str(small)
    code, out, _ = run(capsys, "demo", "--plan", plan, "--as-of", "2026-11-30")
    assert code == 0
    written = int(out.split()[1])
    assert written > 0 and report_count() == written
    assert all(r.sample for r in progress_service.list_reports(small))
    _, out, _ = run(capsys, "status", "--plan", plan, "--as-of", "2026-11-30")
    assert "includes sample data (示例数据)" in out.splitlines()[0]
    # A real report stays when the samples go, and is never marked as sample.
    real = service.list_assignments(small, department=SCI)[0]
    item = progress_service.ReportInput(period="2026-Q4", as_of=dt.date(2026, 11, 30), status="推进中")
    progress_service.save_report(world["sci"], real.id, item, submit=True, now=noon(dt.date(2026, 11, 30)))
    code, out, _ = run(capsys, "demo", "--plan", plan, "--remove")
    assert (code, out.strip()) == (0, f"removed {written} sample report(s) of plan {plan}")
    assert [(r.sample, r.author, r.period) for r in progress_service.list_reports(small)] == [(False, "sci", "2026-Q4")]
    _, out, _ = run(capsys, "status", "--plan", plan, "--as-of", "2026-11-30")
    assert "示例数据" not in out


def test_cycle_shows_and_sets_the_reporting_cycle(world, capsys):
    code, out, _ = run(capsys, "cycle", "--plan", "1")
    assert (code, out.strip()) == (0, "plan 1: quarterly, due 5 days after each period, from 2026-01-01")
    code, out, _ = run(capsys, "cycle", "--plan", "1", "--cycle", "monthly", "--due-days", "10", "--from", "2026-07-01")
    assert (code, out.strip()) == (0, "plan 1: monthly, due 10 days after each period, from 2026-07-01")
    assert progress_service.get_cycle(PLAN).cycle == "monthly"
    code, _, err = run(capsys, "template", "--plan", "1", "--department", SCI, "--period", "2026-Q4", "--out", "x")
    assert code == 2 and "not a monthly period (write it as 2026-12)" in err
