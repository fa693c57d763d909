"""The report workflow and who may write (geo.store.progress_service), on SQLite and PostgreSQL: draft ->
submitted -> approved | returned with a comment; corrections are new versions; forbidden writes leave nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from progress_support import EDU, SCI, noon, report_count

from geo.progress.status import snapshot
from geo.store import audit, progress_service, service
from geo.store.progress_service import ProgressError, ReportInput

Q3 = ReportInput(period="2026-Q3", as_of=dt.date(2026, 9, 30), status="推进中", percent=30, progress="已启动。")


def _states(plan: int, viewer) -> list[tuple[int, str]]:
    return [(r.version, r.state) for r in progress_service.list_reports(plan, viewer=viewer, department=SCI)]


def test_a_draft_is_the_departments_own_until_it_is_submitted(small, world):
    sci, office = world["sci"], world["office"]
    lead = service.list_assignments(small, department=SCI)[0]
    draft = progress_service.save_report(sci, lead.id, Q3, now=noon(dt.date(2026, 10, 2)))
    assert draft.state == "draft"
    assert _states(small, sci) == [(1, "draft")]
    assert _states(small, office) == [] and progress_service.awaiting_review(small) == []
    assert _states(small, world["edu"]) == []  # another department's reporter does not see it either
    assert snapshot(small, dt.date(2026, 10, 3)).measures[1].status is None  # a draft never counts
    # Edited in place while a draft: still version 1.
    again = progress_service.save_report(sci, lead.id, Q3, now=noon(dt.date(2026, 10, 3)))
    assert (again.id, again.version) == (draft.id, 1)
    submitted = progress_service.submit_report(sci, draft.id, now=noon(dt.date(2026, 10, 4)))
    assert submitted.state == "submitted"
    assert [r.id for r in progress_service.awaiting_review(small)] == [draft.id]
    assert snapshot(small, dt.date(2026, 10, 4)).measures[1].status == "推进中"


def test_returned_with_a_comment_corrected_as_a_new_version_then_approved(small, world):
    sci, office = world["sci"], world["office"]
    lead = service.list_assignments(small, department=SCI)[0]
    first = progress_service.save_report(sci, lead.id, Q3, submit=True)
    # A submitted report cannot be edited, nor submitted again, until the office has reviewed it.
    with pytest.raises(ProgressError, match="awaits review"):
        progress_service.save_report(sci, lead.id, Q3)
    with pytest.raises(ProgressError, match="only a draft can be submitted"):
        progress_service.submit_report(sci, first.id)
    with pytest.raises(ProgressError, match="needs a comment"):
        progress_service.review_report(office, first.id, "return", "  ")
    returned = progress_service.review_report(office, first.id, "return", "请补充完成比例的依据")
    assert (returned.state, returned.review_comment, returned.reviewer) == (
        "returned",
        "请补充完成比例的依据",
        "office",
    )
    # The reporter sees the comment, and corrects: version 2, version 1 stays as it was.
    seen = progress_service.list_reports(small, viewer=sci, department=SCI)
    assert [(r.version, r.state, r.review_comment) for r in seen] == [(1, "returned", "请补充完成比例的依据")]
    fixed = progress_service.save_report(sci, lead.id, Q3, submit=True)
    assert (fixed.version, fixed.supersedes_id, fixed.state) == (2, first.id, "submitted")
    approved = progress_service.review_report(world["reviewer"], fixed.id, "approve")
    assert approved.state == "approved"
    with pytest.raises(ProgressError, match="only a submitted report can be reviewed"):
        progress_service.review_report(office, fixed.id, "return", "再改")
    # An approved report is never edited in place: a correction is version 3, a draft until submitted.
    correction = progress_service.save_report(sci, lead.id, replace(Q3, percent=35))
    assert (correction.version, correction.state, correction.supersedes_id) == (3, "draft", fixed.id)
    assert _states(small, sci) == [(1, "returned"), (2, "approved"), (3, "draft")]
    assert _states(small, office) == [(1, "returned"), (2, "approved")]
    assert snapshot(small).measures[1].percent == 30  # the approved version counts, not the draft
    actions = [e.action for e in reversed(audit.entries(limit=5))]
    assert actions == ["report.create+submit", "report.return", "report.correct+submit", "report.approve",
                       "report.correct"]  # fmt: skip


@pytest.mark.parametrize("who", ["edu", "viewer", "reviewer", "anonymous", "disabled"])
def test_forbidden_report_writes_leave_nothing(small, world, who):
    lead = service.list_assignments(small, department=SCI)[0]
    if who == "anonymous":
        actor = service.ANONYMOUS
    elif who == "disabled":
        actor = world["sci"]  # the session still carries the account; the database says it is disabled
        service.set_disabled(service.OPERATOR, "sci")
    else:
        actor = world[who]
    trail = len(audit.entries())
    with pytest.raises(service.Forbidden):
        progress_service.save_report(actor, lead.id, Q3, submit=True)
    with pytest.raises(service.Forbidden):
        progress_service.save_reports(actor, [(lead.id, Q3)])
    with pytest.raises(service.Forbidden):
        progress_service.add_milestone(actor, lead.id, "阶段目标", dt.date(2026, 12, 1))
    with pytest.raises(service.Forbidden):
        progress_service.update_milestone(actor, lead.id, 1, done_on=dt.date(2026, 11, 1))
    assert report_count() == 0 and len(audit.entries()) == trail
    assert [m.version for m in progress_service.list_milestones(lead.id, all_versions=True)] == [1]


def test_one_forbidden_row_keeps_a_whole_batch_out(small, world):
    ours = service.list_assignments(small, department=SCI)[0]
    theirs = service.list_assignments(small, department=EDU)[0]
    with pytest.raises(service.Forbidden):
        progress_service.save_reports(world["sci"], [(ours.id, Q3), (theirs.id, Q3)])
    assert report_count() == 0


def test_only_the_office_reviews_and_only_an_admin_sets_the_cycle_or_removes_samples(small, world):
    lead = service.list_assignments(small, department=SCI)[0]
    report = progress_service.save_report(world["sci"], lead.id, Q3, submit=True)
    for who in ("sci", "edu", "viewer"):
        with pytest.raises(service.Forbidden, match="may not review reports"):
            progress_service.review_report(world[who], report.id, "approve")
        with pytest.raises(service.Forbidden, match="admin only"):
            progress_service.set_cycle(world[who], small, "monthly")
    with pytest.raises(service.Forbidden, match="admin only"):
        progress_service.remove_samples(world["reviewer"], small)
    assert progress_service.get_cycle(small).cycle == "quarterly"
    assert progress_service.awaiting_review(small)[0].state == "submitted"
