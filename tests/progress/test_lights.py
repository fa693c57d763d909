"""The light rules of data/progress.json at their boundaries: pure (geo.progress.lights) and through the snapshot
on both backends (due days of the reporting cycle, what was known on the as-of date)."""

from __future__ import annotations

import datetime as dt

import pytest
from progress_support import SCI, noon

from geo.progress.lights import MilestoneFact, assignment_light, next_milestone
from geo.progress.rules import load_rules
from geo.progress.status import snapshot
from geo.store import progress_service, service
from geo.store.progress_service import ReportInput

RULES = load_rules()
DUE = dt.date(2026, 12, 31)
WINDOW = RULES.lights.yellow_due_within_days  # 15 in data/progress.json


def light(as_of: dt.date, milestones=(), status: str | None = "推进中", missing: int = 0):
    return assignment_light(RULES, as_of, list(milestones), status, missing)


def due(day: dt.date = DUE, done: dt.date | None = None) -> MilestoneFact:
    return MilestoneFact(1, "阶段目标", day, done)


@pytest.mark.parametrize(
    "days_before_due, level, reason",
    [
        (WINDOW + 1, "green", None),  # one day outside the window
        (WINDOW, "yellow", "milestone_due_soon"),  # the window's first day
        (1, "yellow", "milestone_due_soon"),  # the day before
        (0, "yellow", "milestone_due_soon"),  # the due day itself: due within 0 days, not overdue yet
        (-1, "red", "milestone_overdue"),  # the day after
    ],
)
def test_a_milestone_lights_yellow_within_the_window_and_red_from_the_day_after(days_before_due, level, reason):
    result = light(DUE - dt.timedelta(days=days_before_due), [due()])
    assert result.level == level
    assert result.reasons == ((reason,) if reason else ())


def test_a_done_milestone_counts_from_its_done_date_on():
    assert light(DUE + dt.timedelta(days=1), [due(done=DUE)]).level == "green"
    late = due(done=DUE + dt.timedelta(days=3))
    assert light(DUE + dt.timedelta(days=1), [late]).level == "red"  # not done yet on that day
    assert light(DUE + dt.timedelta(days=3), [late]).level == "green"


def test_a_milestone_without_a_date_never_lights():
    assert light(DUE, [MilestoneFact(1, "持续推进", None, None)]).level == "green"


@pytest.mark.parametrize(
    "missing, level, reason",
    [(0, "green", None), (1, "yellow", "report_missing"), (2, "red", "reports_missing"), (3, "red", "reports_missing")],
)
def test_missing_reports_one_period_yellow_two_red(missing, level, reason):
    result = light(DUE, status="推进中", missing=missing)
    assert (result.level, result.reasons) == (level, (reason,) if reason else ())


@pytest.mark.parametrize("status", ["已完成", "暂缓"])
def test_done_or_paused_work_needs_no_more_reports(status):
    assert light(DUE, status=status, missing=2).level == "green"


def test_behind_schedule_is_yellow_and_the_worst_rule_wins():
    assert light(DUE, status="滞后").reasons == ("status_behind",)
    worst = light(DUE + dt.timedelta(days=1), [due()], status="滞后", missing=1)
    assert worst.level == "red"
    assert worst.reasons == ("milestone_overdue", "report_missing", "status_behind")


def test_the_next_milestone_is_the_earliest_open_one():
    early, late = MilestoneFact(2, "早", dt.date(2026, 12, 1), None), MilestoneFact(3, "晚", DUE, None)
    done = MilestoneFact(1, "已完成", dt.date(2026, 11, 1), dt.date(2026, 10, 30))
    assert next_milestone([late, done, early], dt.date(2026, 11, 30)) == early
    assert next_milestone([done], dt.date(2026, 11, 30)) is None


# --- through the snapshot (both backends) -------------------------------------------------------------------


def _row(plan: int, as_of: dt.date, assignment_id: int):
    return next(a for a in snapshot(plan, as_of).assignments if a.assignment_id == assignment_id)


def _report(actor, assignment_id: int, period: str, sent: dt.date, status: str = "推进中") -> None:
    item = ReportInput(period=period, as_of=sent, status=status, percent=20, progress="进展")
    progress_service.save_report(actor, assignment_id, item, submit=True, now=noon(sent))


def test_a_periods_report_is_missing_from_the_day_after_its_due_day(small, world):
    """2026-Q1 ends 31 March; due 5 days later (5 April). Q2 is due on 5 July."""
    first = service.list_assignments(small, department=SCI)[1]  # measure 2: 持续推进, no dated milestone
    on = {d: _row(small, d, first.id) for d in map(dt.date.fromisoformat, (
        "2026-04-05", "2026-04-06", "2026-07-05", "2026-07-06"))}  # fmt: skip
    assert [(r.light, r.missing_periods) for r in on.values()] == [("green", 0), ("yellow", 1), ("yellow", 1),
                                                                   ("red", 2)]  # fmt: skip
    # A report sent on the due day counts as on time; the light is green again from that day on.
    _report(world["sci"], first.id, "2026-Q1", dt.date(2026, 4, 5))
    assert _row(small, dt.date(2026, 4, 6), first.id).light == "green"
    stats = snapshot(small, dt.date(2026, 4, 6)).department_stats[SCI]
    assert (stats.due_reports, stats.on_time_reports) == (2, 1)  # two assignments of 省科技厅, one reported in time
    # One sent the day after its due day is late, but counts from then on.
    other = service.list_assignments(small, department=SCI)[0]
    _report(world["sci"], other.id, "2026-Q1", dt.date(2026, 4, 6))
    stats = snapshot(small, dt.date(2026, 4, 6)).department_stats[SCI]
    assert (stats.due_reports, stats.on_time_reports) == (2, 1)
    assert _row(small, dt.date(2026, 4, 6), other.id).missing_periods == 0


def test_a_deadline_milestone_lights_by_the_window_through_the_snapshot(small, world):
    """Measure 1's deadline 2026年12月底前 is a milestone due 2026-12-31; every due report is sent."""
    lead = service.list_assignments(small, department=SCI)[0]
    for period, sent in (("2026-Q1", "2026-04-01"), ("2026-Q2", "2026-07-01"), ("2026-Q3", "2026-10-01")):
        _report(world["sci"], lead.id, period, dt.date.fromisoformat(sent))
    expected = {"2026-12-15": "green", "2026-12-16": "yellow", "2026-12-31": "yellow", "2027-01-01": "red"}
    got = {day: _row(small, dt.date.fromisoformat(day), lead.id).light for day in expected}
    assert got == expected
    row = _row(small, dt.date(2026, 12, 16), lead.id)
    assert (row.reasons, row.next_milestone.due_on) == (["milestone_due_soon"], "2026-12-31")
    # Done on 20 December (recorded then): green after, and still yellow as of the days before it.
    progress_service.update_milestone(world["sci"], lead.id, 1, done_on=dt.date(2026, 12, 20),
                                      now=noon(dt.date(2026, 12, 20)))  # fmt: skip
    assert _row(small, dt.date(2027, 1, 1), lead.id).light == "green"
    assert _row(small, dt.date(2026, 12, 19), lead.id).light == "yellow"


def test_a_later_report_review_or_milestone_never_changes_an_earlier_snapshot(small, world):
    sci, office = world["sci"], world["office"]
    lead, second = service.list_assignments(small, department=SCI)[:2]
    _report(sci, lead.id, "2026-Q2", dt.date(2026, 7, 2))
    earlier = snapshot(small, dt.date(2026, 10, 10)).to_json()
    # Everything below happens after 10 October.
    _report(sci, second.id, "2026-Q3", dt.date(2026, 10, 20), status="滞后")
    report = progress_service.list_reports(small, viewer=sci, department=SCI, period="2026-Q3")[0]
    progress_service.review_report(office, report.id, "approve", now=noon(dt.date(2026, 10, 21)))
    progress_service.update_milestone(sci, lead.id, 1, due_on=dt.date(2026, 10, 15), now=noon(dt.date(2026, 10, 22)))
    progress_service.add_milestone(sci, second.id, "新节点", dt.date(2026, 10, 12), now=noon(dt.date(2026, 10, 22)))
    assert snapshot(small, dt.date(2026, 10, 10)).to_json() == earlier
    later = {a.assignment_id: a for a in snapshot(small, dt.date(2026, 10, 25)).assignments}
    assert later[second.id].status == "滞后" and later[lead.id].light == "red"


def test_known_means_by_the_end_of_the_day_in_the_plans_time_zone_on_every_backend(small, world):
    """Shanghai is UTC+8: 20:00 UTC on 5 April is 04:00 on 6 April there, 15:00 UTC still 23:00 on 5 April."""
    late_one, in_time = service.list_assignments(small, department=SCI)
    utc = dt.UTC
    item = ReportInput(period="2026-Q1", as_of=dt.date(2026, 3, 31), status="推进中")
    progress_service.save_report(
        world["sci"], late_one.id, item, submit=True, now=dt.datetime(2026, 4, 5, 20, tzinfo=utc)
    )
    progress_service.save_report(
        world["sci"], in_time.id, item, submit=True, now=dt.datetime(2026, 4, 5, 15, tzinfo=utc)
    )
    progress_service.add_milestone(world["sci"], in_time.id, "节点", dt.date(2026, 4, 10),
                                   now=dt.datetime(2026, 4, 5, 20, tzinfo=utc))  # fmt: skip
    on_5th = snapshot(small, dt.date(2026, 4, 5))
    rows = {a.assignment_id: a for a in on_5th.assignments}
    assert rows[late_one.id].last_period is None  # sent on 6 April, Shanghai time
    assert rows[in_time.id].last_period == "2026-Q1"
    assert rows[in_time.id].next_milestone is None  # recorded on 6 April, Shanghai time
    on_6th = snapshot(small, dt.date(2026, 4, 6))
    assert {a.assignment_id: a.last_period for a in on_6th.assignments if a.department == SCI} == {
        late_one.id: "2026-Q1", in_time.id: "2026-Q1",
    }  # fmt: skip
    assert on_6th.department_stats[SCI].on_time_reports == 1  # due on 5 April: only the one sent by 23:00 that day
    assert on_6th.assignments[[a.assignment_id for a in on_6th.assignments].index(in_time.id)].next_milestone
