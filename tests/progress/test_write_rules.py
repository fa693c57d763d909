"""What the service layer refuses whoever writes (forms, sheets, the CLI, a script), on SQLite and PostgreSQL: a
report for a period not yet begun or before the plan's reporting start, a report dated in the future, text no
report format can hold or too long for a sheet's cell, a review of one's own report, and any write to an archived
plan. A refused write changes nothing and adds no audit entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from progress_support import EDU, SCI, noon, report_count

from geo.progress.status import snapshot
from geo.store import audit, plans, progress_service, service
from geo.store.progress_service import ProgressError, ReportInput
from geo.store.texts import TEXT_LIMIT

Q3 = ReportInput(period="2026-Q3", as_of=dt.date(2026, 9, 30), status="推进中", percent=30, progress="已启动。")
AFTER_Q3 = noon(dt.date(2026, 10, 2))


def _refused(error: type[Exception], match: str, write) -> None:
    before = (report_count(), len(audit.entries()))
    with pytest.raises(error, match=match):
        write()
    assert (report_count(), len(audit.entries())) == before


@pytest.mark.parametrize(
    ("item", "match"),
    [
        (replace(Q3, period="2099-Q4", as_of=dt.date(2099, 12, 31), status="已完成"), "has not begun yet"),
        (replace(Q3, period="2027-Q1", as_of=dt.date(2026, 10, 1)), "has not begun yet"),  # next quarter but one
        (replace(Q3, period="2025-Q4", as_of=dt.date(2025, 12, 31)), "before the plan's reporting start"),
        (replace(Q3, as_of=dt.date(2031, 1, 1)), "in the future"),
        (replace(Q3, as_of=dt.date(2019, 1, 1)), "before period 2026-Q3 begins"),
    ],
)
def test_a_report_outside_its_time_is_refused(small, world, item, match):
    lead = service.list_assignments(small, department=SCI)[0]
    _refused(
        ProgressError,
        match,
        lambda: progress_service.save_report(world["sci"], lead.id, item, submit=True, now=AFTER_Q3),
    )


def test_a_future_done_report_cannot_turn_a_light_green(small, world):
    lead = service.list_assignments(small, department=EDU)[0]
    lights = snapshot(small, dt.date(2026, 10, 10)).measures[lead.measure].light
    done = replace(Q3, period="2030-Q4", as_of=dt.date(2030, 12, 31), status="已完成", percent=100)
    with pytest.raises(ProgressError):
        progress_service.save_report(world["edu"], lead.id, done, submit=True, now=AFTER_Q3)
    assert snapshot(small, dt.date(2026, 10, 10)).measures[lead.measure].light == lights


def test_control_characters_are_dropped_and_the_report_files_still_build(small, world, tmp_path):
    from geo.report.cli import main as report_cli

    lead = service.list_assignments(small, department=SCI)[0]
    noisy = replace(Q3, progress="控制字符\x07铃\x1b[31m红\t表\n行", problems="\x00问题")
    saved = progress_service.save_report(world["sci"], lead.id, noisy, submit=True, now=AFTER_Q3)
    assert (saved.progress, saved.problems) == ("控制字符铃[31m红\t表\n行", "问题")
    progress_service.review_report(world["reviewer"], saved.id, "approve", now=AFTER_Q3)
    out = tmp_path / "out"
    assert report_cli(["--plan", str(small), "--period", "2026-Q3", "--as-of", "2026-10-10",
                       "--format", "docx,xlsx", "--out", str(out)]) == 0  # fmt: skip
    assert len(list(out.glob("*.docx"))) == 1 and len(list(out.glob("*.xlsx"))) == 1


def test_a_text_longer_than_a_sheet_cell_is_refused_everywhere_people_write(small, world):
    sci, lead = world["sci"], service.list_assignments(small, department=SCI)[0]
    long = "长" * (TEXT_LIMIT + 1)
    _refused(
        ProgressError,
        "进展情况 is too long",
        lambda: progress_service.save_report(sci, lead.id, replace(Q3, progress=long), now=AFTER_Q3),
    )
    _refused(ProgressError, "stage goal is too long", lambda: progress_service.add_milestone(sci, lead.id, long, None))
    _refused(plans.PlanError, "note is too long", lambda: service.update_assignment(sci, lead.id, note=long))
    report = progress_service.save_report(sci, lead.id, Q3, submit=True, now=AFTER_Q3)
    _refused(
        ProgressError,
        "comment is too long",
        lambda: progress_service.review_report(world["reviewer"], report.id, "return", long),
    )
    assert len(progress_service.save_report(sci, service.list_assignments(small, department=SCI)[1].id,
                                            replace(Q3, progress="字" * TEXT_LIMIT), now=AFTER_Q3).progress) == TEXT_LIMIT  # fmt: skip


def test_nobody_reviews_a_report_they_wrote(small, world):
    office, reviewer = world["office"], world["reviewer"]
    lead = service.list_assignments(small, department=SCI)[0]
    own = progress_service.save_report(office, lead.id, Q3, submit=True, now=AFTER_Q3)  # an admin may write it
    assert own.author == "office"
    _refused(service.Forbidden, "may not review it", lambda: progress_service.review_report(office, own.id, "approve"))
    assert progress_service.review_report(reviewer, own.id, "approve").state == "approved"  # another one may


def test_the_report_names_who_wrote_its_text_last(small, world):
    sci, office = world["sci"], world["office"]
    lead = service.list_assignments(small, department=SCI)[0]
    progress_service.save_report(sci, lead.id, Q3, now=AFTER_Q3)
    rewritten = progress_service.save_report(
        office, lead.id, replace(Q3, progress="办公室改写"), submit=True, now=AFTER_Q3
    )
    assert rewritten.author == "office"
    _refused(
        service.Forbidden, "may not review it", lambda: progress_service.review_report(office, rewritten.id, "approve")
    )


def test_an_archived_plan_takes_no_more_writes(small, world):
    sci, reviewer = world["sci"], world["reviewer"]
    lead = service.list_assignments(small, department=SCI)[0]
    submitted = progress_service.save_report(sci, lead.id, Q3, submit=True, now=AFTER_Q3)
    plans.archive(small)
    for error, write in (
        (ProgressError, lambda: progress_service.save_report(sci, lead.id, replace(Q3, period="2026-Q2", as_of=dt.date(2026, 6, 30)), now=AFTER_Q3)),
        (ProgressError, lambda: progress_service.add_milestone(sci, lead.id, "阶段目标", dt.date(2027, 1, 1))),
        (plans.PlanError, lambda: service.update_assignment(sci, lead.id, note="x")),
        (ProgressError, lambda: progress_service.review_report(reviewer, submitted.id, "approve")),
        (ProgressError, lambda: progress_service.set_cycle(service.OPERATOR, small, "monthly")),
    ):  # fmt: skip
        _refused(error, "archived", write)


def test_no_actor_and_a_yes_for_a_percentage_are_refused_clearly(small, world):
    lead = service.list_assignments(small, department=SCI)[0]
    _refused(service.Forbidden, "needs a login", lambda: progress_service.save_report(None, lead.id, Q3, now=AFTER_Q3))
    _refused(
        ProgressError,
        "outside 0–100",
        lambda: progress_service.save_report(world["sci"], lead.id, replace(Q3, percent=True), now=AFTER_Q3),
    )
