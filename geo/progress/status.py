"""The status of a plan's assignments and measures on an as-of date, and their roll-ups (measure, theme,
department, place). Reads only what was known on that date: reports submitted, reviews made and milestone
versions recorded before the end of the day (in the plan's time zone). A later report never changes an earlier
as-of result. Drafts are never counted: the office does not see them."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, case, distinct, func, literal, or_, select

from geo.progress import periods
from geo.progress.lights import MilestoneFact, assignment_light, next_milestone
from geo.progress.rules import ProgressRules, load_rules
from geo.store import plans
from geo.store.engine import session_scope
from geo.store.models import (
    Assignment,
    Measure,
    Milestone,
    PlaceCorrection,
    PlaceTag,
    Plan,
    ProgressReport,
    UTCDateTime,
)

EXCERPT_CHARS = 60
COUNTED = ("submitted", "approved")


@dataclass(frozen=True)
class NextMilestone:
    text: str
    due_on: str  # ISO date


@dataclass
class AssignmentStatus:
    assignment_id: int
    measure: int
    department: str
    role: str
    light: str
    reasons: list[str]
    status: str | None
    percent: int | None
    last_report_on: str | None  # the as-of date (报告日期) of the latest counted report
    last_period: str | None
    report_state: str | None  # submitted or approved (as known on the as-of date)
    excerpt: str
    next_milestone: NextMilestone | None
    reported_current: bool  # a counted report for the period holding the as-of date
    missing_periods: int
    overdue: bool  # a milestone is past its due date and not done
    sample: bool
    report_id: int | None = None
    due_reports: int = 0  # periods whose due day passed by the as-of date (any group's on-time rate sums these)
    on_time_reports: int = 0  # of those, first submitted by the end of the due day

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class MeasureStatus:
    measure: int
    theme_short: str
    light: str
    status: str | None
    percent: int | None
    last_report_on: str | None
    excerpt: str
    next_milestone: NextMilestone | None
    overdue: bool
    reported_current: bool
    sample: bool
    places: list[str]
    departments: list[AssignmentStatus] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Rollup:
    """Counts of lights and statuses over a group (theme, department, place), and its worst light."""

    key: str
    light: str | None
    lights: dict[str, int]
    statuses: dict[str, int]
    items: int
    completed: int  # items whose status is of kind "done"

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.items if self.items else None

    def to_json(self) -> dict:
        return {**asdict(self), "completion_rate": self.completion_rate}


@dataclass
class DepartmentStats(Rollup):
    due_reports: int = 0  # (assignment, period) pairs whose due day passed by the as-of date
    on_time_reports: int = 0  # of those, first submitted by the end of the due day

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time_reports / self.due_reports if self.due_reports else None

    def to_json(self) -> dict:
        return {**super().to_json(), "on_time_rate": self.on_time_rate}


@dataclass
class Snapshot:
    plan_id: int
    as_of: dt.date
    rules_version: int
    cycle: str | None
    current_period: str | None
    due_period: str | None  # the latest period whose report is due by the as-of date
    measures: dict[int, MeasureStatus]
    assignments: list[AssignmentStatus]
    department_stats: dict[str, DepartmentStats]
    has_sample: bool

    def measure_rows(self) -> list[MeasureStatus]:
        return list(self.measures.values())

    def by_theme(self, rules: ProgressRules | None = None) -> dict[str, Rollup]:
        return _rollup(rules or load_rules(), self.measures.values(), lambda m: [m.theme_short])

    def by_place(self, rules: ProgressRules | None = None) -> dict[str, Rollup]:
        """Per gazetteer place: the measures tagged there (region-wide measures carry no place)."""
        return _rollup(rules or load_rules(), self.measures.values(), lambda m: m.places)

    def by_keys(self, keys_of, rules: ProgressRules | None = None) -> dict[str, Rollup]:
        """Per key of KEYS_OF(measure status) (f-map: the cities/SARs a measure reaches on the map)."""
        return _rollup(rules or load_rules(), self.measures.values(), keys_of)

    def light_counts(self) -> dict[str, int]:
        return dict(Counter(m.light for m in self.measures.values()))

    def status_counts(self) -> dict[str, int]:
        return dict(Counter(m.status or "" for m in self.measures.values()))

    def to_json(self) -> dict:
        return {
            "plan": self.plan_id,
            "as_of": self.as_of.isoformat(),
            "rules_version": self.rules_version,
            "cycle": self.cycle,
            "current_period": self.current_period,
            "due_period": self.due_period,
            "sample": self.has_sample,
            "measures": [m.to_json() for m in self.measures.values()],
        }


def _rollup(rules: ProgressRules, items, keys_of) -> dict[str, Rollup]:
    groups: dict[str, list] = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            groups[key].append(item)
    out = {}
    for key, members in groups.items():
        out[key] = Rollup(
            key=key,
            light=rules.worst(m.light for m in members),
            lights=dict(Counter(m.light for m in members)),
            statuses=dict(Counter(m.status or "" for m in members)),
            items=len(members),
            completed=sum(1 for m in members if rules.kind_of(m.status) == "done"),
        )
    return out


def _known_milestones(session, plan_id: int, cutoff: dt.datetime) -> dict[int, list[MilestoneFact]]:
    rows = session.execute(
        select(Milestone.assignment_id, Milestone.key, Milestone.text, Milestone.due_on, Milestone.done_on)
        .join(Assignment, Assignment.id == Milestone.assignment_id)
        .where(
            Assignment.plan_id == plan_id,
            Milestone.recorded_at < cutoff,
            or_(Milestone.superseded_at.is_(None), Milestone.superseded_at >= cutoff),
            Milestone.removed.is_(False),
        )
    )
    out: dict[int, list[MilestoneFact]] = defaultdict(list)
    for aid, key, text, due_on, done_on in rows:
        out[aid].append(MilestoneFact(key, text, due_on, done_on))
    return out


def plan_cycle(plan: Plan, rules: ProgressRules) -> tuple[str | None, int, dt.date | None]:
    return plan.report_cycle, plan.report_due_days or rules.default_due_days, plan.report_from


def snapshot(
    plan_id: int,
    as_of: dt.date | None = None,
    *,
    url: str | None = None,
    rules: ProgressRules | None = None,
    measures: list | None = None,
) -> Snapshot:
    """The plan's status on AS_OF (default: today in the plan's time zone). MEASURES: the plan's measure records
    when the caller has them (their places give the regional roll-up)."""
    rules = rules or load_rules()
    as_of = as_of or rules.today()
    cutoff = rules.end_of_day(as_of)
    with session_scope(url) as session:
        plan = plans._plan(session, plan_id)
        cycle, due_days, report_from = plan_cycle(plan, rules)
        rows = session.execute(
            select(Assignment.id, Measure.number, Measure.theme_short, Assignment.department, Assignment.role)
            .join(Measure, Measure.id == Assignment.measure_id)
            .where(Assignment.plan_id == plan_id)
            .order_by(Measure.position, Assignment.role.desc(), Assignment.id)
        ).all()
        milestones = _known_milestones(session, plan_id, cutoff)
        due_list: list[periods.Period] = []
        current = None
        if cycle:
            current = periods.period_of(as_of, cycle)
            first_day = report_from or (plan.issued_on or as_of)
            due_list = periods.due_periods(cycle, due_days, first_day, as_of)
        order = {name: k for k, name in enumerate(sorted(_period_names(session), key=lambda n: _period_sort(n, cycle)))}
        due_cutoffs = {p.name: rules.end_of_day(p.due(due_days)) for p in due_list}
        reported = _reported(session, plan_id, cutoff, due_cutoffs, current.name if current else None, order)
        ranks = {rank for *_, rank in reported.values() if rank >= 0}
        latest = _latest_reports(session, plan_id, cutoff, order, {n for n, k in order.items() if k in ranks})
        places = (
            {m["id"]: [p["place"] for p in m["places"]] for m in measures}
            if measures is not None
            else _measure_places(session, plan_id)
        )
    assignments: list[AssignmentStatus] = []
    dept_stats: dict[str, DepartmentStats] = {}
    for aid, number, _theme, department, role in rows:
        held = latest.get(aid)
        report, state = held if held else (None, None)
        newest_due, has_current, in_time, _rank = reported.get(aid, (-1, False, 0, -1))
        missing = len(due_list) - 1 - newest_due  # due periods after the newest one reported
        facts = milestones.get(aid, [])
        status = report.status if report else None
        light = assignment_light(rules, as_of, facts, status, missing)
        upcoming = next_milestone(facts, as_of)
        a = AssignmentStatus(
            assignment_id=aid,
            measure=number,
            department=department,
            role=role,
            light=light.level,
            reasons=list(light.reasons),
            status=status,
            percent=report.percent if report else None,
            last_report_on=report.as_of.isoformat() if report else None,
            last_period=report.period if report else None,
            report_state=state,
            excerpt=_excerpt(report.progress) if report else "",
            next_milestone=NextMilestone(upcoming.text, upcoming.due_on.isoformat()) if upcoming else None,
            reported_current=bool(has_current),
            missing_periods=missing,
            overdue="milestone_overdue" in light.reasons,
            sample=bool(report.sample) if report else False,
            report_id=report.id if report else None,
        )
        assignments.append(a)
        stats = dept_stats.get(department)
        if stats is None:
            stats = dept_stats[department] = DepartmentStats(department, None, {}, {}, 0, 0)
        stats.items += 1
        stats.lights[a.light] = stats.lights.get(a.light, 0) + 1
        stats.statuses[a.status or ""] = stats.statuses.get(a.status or "", 0) + 1
        stats.completed += rules.kind_of(a.status) == "done"
        a.due_reports = len(due_list)
        a.on_time_reports = in_time
        stats.due_reports += a.due_reports
        stats.on_time_reports += a.on_time_reports
    for stats in dept_stats.values():
        stats.light = rules.worst(stats.lights)
    by_measure: dict[int, list[AssignmentStatus]] = defaultdict(list)
    for a in assignments:
        by_measure[a.measure].append(a)
    measure_rows: dict[int, MeasureStatus] = {}
    for number, members in by_measure.items():
        measure_rows[number] = _measure_status(rules, number, members, places.get(number, []))
    for _aid, number, theme_short, _dept, _role in rows:
        measure_rows[number].theme_short = theme_short
    return Snapshot(
        plan_id=plan_id,
        as_of=as_of,
        rules_version=rules.lights.version,
        cycle=cycle,
        current_period=current.name if current else None,
        due_period=due_list[-1].name if due_list else None,
        measures=measure_rows,
        assignments=assignments,
        department_stats=dept_stats,
        has_sample=any(a.sample for a in assignments),
    )


def _period_sort(name: str, cycle: str | None) -> tuple:
    if cycle:
        try:
            return (periods.parse_period(name, cycle).start,)
        except periods.PeriodError:
            pass
    return (dt.date.min, name)


def _counted(cutoff: dt.datetime):
    """Reports that count on the as-of date: submitted by the cutoff and not returned by then (a report approved
    or returned after the cutoff was still awaiting review on that date, and counts as submitted)."""
    return and_(
        ProgressReport.submitted_at < cutoff,
        or_(
            ProgressReport.state != "returned",
            ProgressReport.reviewed_at.is_(None),
            ProgressReport.reviewed_at >= cutoff,
        ),
    )


def _period_names(session) -> list[str]:
    """Every period name that has a report (of any plan: one scan of one column, no join; the extra names only
    widen the ordering below)."""
    return list(session.scalars(select(ProgressReport.period).distinct()))


def _reported(
    session,
    plan_id: int,
    cutoff: dt.datetime,
    due_cutoffs: dict[str, dt.datetime],
    current: str | None,
    order: dict[str, int],
) -> dict[int, tuple[int, bool, int, int]]:
    """Per assignment: the index (in the due periods) of the newest due period with a counted report (-1: none),
    whether the current period has one, and how many due periods had a report first submitted by the end of their
    due day; and the rank (in ORDER) of its newest period with a counted report. Aggregated in the database in one
    pass: a plan of 5,000 assignments has 40,000 reports after two
    years, and only one small row per assignment comes back."""
    due_index = {name: k for k, name in enumerate(due_cutoffs)}
    counted = _counted(cutoff)
    newest_due = (
        func.max(case((counted, case(due_index, value=ProgressReport.period, else_=-1)), else_=-1))
        if due_index
        else literal(-1)
    )
    has_current = func.max(case((and_(counted, ProgressReport.period == (current or "")), 1), else_=0))
    newest = (
        func.max(case((counted, case(order, value=ProgressReport.period, else_=-1)), else_=-1))
        if order
        else literal(-1)
    )
    if due_cutoffs:
        due_by = case({n: literal(at, UTCDateTime()) for n, at in due_cutoffs.items()}, value=ProgressReport.period)
        on_time = func.count(distinct(case((ProgressReport.submitted_at < due_by, ProgressReport.period))))
    else:
        on_time = literal(0)
    rows = session.execute(
        select(ProgressReport.assignment_id, newest_due, has_current, on_time, newest)
        .join(Assignment, Assignment.id == ProgressReport.assignment_id)
        .where(Assignment.plan_id == plan_id, ProgressReport.submitted_at < cutoff)
        .group_by(ProgressReport.assignment_id)
    )
    return {aid: (int(due), bool(now), int(in_time), int(rank)) for aid, due, now, in_time, rank in rows}


def _latest_reports(
    session, plan_id: int, cutoff: dt.datetime, order: dict[str, int], newest: set[str]
) -> dict[int, tuple]:
    """Per assignment: its latest counted report (newest period by its start, then highest version) and the
    report's state on the as-of date; one row per assignment, picked by a window function in the database among
    the periods that are some assignment's newest (NEWEST: usually one or two of them)."""
    if not newest:
        return {}
    rank = (
        func.row_number()
        .over(
            partition_by=ProgressReport.assignment_id,
            order_by=(case(order, value=ProgressReport.period, else_=-1).desc(), ProgressReport.version.desc()),
        )
        .label("rank")
    )
    # The state as known on the as-of date, in the database (no timestamp is parsed per row in Python).
    state = case(
        (or_(ProgressReport.reviewed_at.is_(None), ProgressReport.reviewed_at >= cutoff), "submitted"),
        else_=ProgressReport.state,
    ).label("known_state")
    ranked = (
        select(
            ProgressReport.id, ProgressReport.assignment_id, ProgressReport.period, ProgressReport.status,
            ProgressReport.percent, ProgressReport.as_of, ProgressReport.sample, ProgressReport.progress, state, rank,
        )
        .join(Assignment, Assignment.id == ProgressReport.assignment_id)
        .where(Assignment.plan_id == plan_id, ProgressReport.period.in_(newest), _counted(cutoff))
        .subquery()
    )  # fmt: skip
    return {r.assignment_id: (r, r.known_state) for r in session.execute(select(ranked).where(ranked.c.rank == 1))}


def _measure_places(session, plan_id: int) -> dict[int, list[str]]:
    """Per measure number: its places as tagged, with the planner's corrections applied (as plans.plan_measures
    does, without building whole measure records: the snapshot needs only the place ids)."""
    out: dict[int, list[str]] = defaultdict(list)
    for number, place in session.execute(
        select(Measure.number, PlaceTag.place)
        .join(PlaceTag, PlaceTag.measure_id == Measure.id)
        .where(Measure.plan_id == plan_id)
        .order_by(Measure.position, PlaceTag.position)
    ):
        out[number].append(place)
    for number, action, place in session.execute(
        select(Measure.number, PlaceCorrection.action, PlaceCorrection.place)
        .join(Measure, Measure.id == PlaceCorrection.measure_id)
        .where(PlaceCorrection.plan_id == plan_id)
        .order_by(PlaceCorrection.id)
    ):
        if action == "remove":
            out[number] = [p for p in out[number] if p != place]
        else:
            out[number].append(place)
    return out


def _excerpt(text: str) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def _measure_status(
    rules: ProgressRules, number: int, members: list[AssignmentStatus], places: list[str]
) -> MeasureStatus:
    """A measure is as bad as its worst assignment. Its status: 已完成-kind when every department says so, else
    the first lead department's status (the lead answers for the measure), else the first reported one."""
    kinds = [rules.kind_of(a.status) for a in members]
    reported = [a for a in members if a.status]
    leads = [a for a in reported if a.role == "lead"]
    if reported and all(k == "done" for k in kinds):
        status = reported[0].status
    elif leads:
        status = leads[0].status
    else:
        status = reported[0].status if reported else None
    percents = [a.percent for a in members if a.percent is not None]
    newest = max(reported, key=lambda a: a.last_report_on or "", default=None)
    upcoming = [a.next_milestone for a in members if a.next_milestone]
    return MeasureStatus(
        measure=number,
        theme_short="",
        light=rules.worst(a.light for a in members) or "green",
        status=status,
        percent=round(sum(percents) / len(percents)) if percents else None,
        last_report_on=newest.last_report_on if newest else None,
        excerpt=(leads[0] if leads else newest).excerpt if newest else "",
        next_milestone=min(upcoming, key=lambda n: n.due_on) if upcoming else None,
        overdue=any(a.overdue for a in members),
        reported_current=all(a.reported_current for a in members),
        sample=any(a.sample for a in members),
        places=list(places),
        departments=members,
    )
