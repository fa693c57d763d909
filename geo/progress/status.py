"""The status of a plan's assignments and measures on an as-of date, and their roll-ups (measure, theme,
department, place). Reads only what was known on that date: reports submitted, reviews made and milestone
versions recorded before the end of the day (in the plan's time zone). A later report never changes an earlier
as-of result. Drafts are never counted: the office does not see them."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from sqlalchemy import String, and_, case, distinct, func, literal, or_, select, type_coerce

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
from geo.store.texts import without_controls

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
    report_state: str | None = None  # the state of the report the excerpt comes from (submitted or approved)

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


def _known_milestones(conn, plan_id: int, cutoff: dt.datetime) -> dict[int, list[MilestoneFact]]:
    m = Milestone.__table__.c
    rows = conn.execute(
        select(m.assignment_id, m.key, m.text, m.due_on, m.done_on)
        .join(Assignment.__table__, _ASSIGNMENTS.id == m.assignment_id)
        .where(
            _ASSIGNMENTS.plan_id == plan_id,
            m.recorded_at < cutoff,
            or_(m.superseded_at.is_(None), m.superseded_at >= cutoff),
            m.removed.is_(False),
        )
    )
    out: dict[int, list[MilestoneFact]] = defaultdict(list)
    for aid, key, text, due_on, done_on in rows.all():
        out[aid].append(MilestoneFact(key, text, due_on, done_on))
    return out


def plan_cycle(plan: Plan, rules: ProgressRules) -> tuple[str | None, int, dt.date | None]:
    return plan.report_cycle, plan.report_due_days or rules.default_due_days, plan.report_from


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """A snapshot of a large plan allocates some 50,000 objects that all live on: the cyclic collector would walk
    them (and the rest of the process) again and again while they are made, a fifth of the snapshot's time. They
    hold no cycles; collection resumes when the snapshot is built (if it was on: another thread may have it off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


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
    with _no_gc_pauses():
        return _snapshot(plan_id, as_of, url, rules or load_rules(), measures)


def _snapshot(
    plan_id: int, as_of: dt.date | None, url: str | None, rules: ProgressRules, measures: list | None
) -> Snapshot:
    as_of = as_of or rules.today()
    cutoff = rules.end_of_day(as_of)
    with session_scope(url) as session:
        plan = plans._plan(session, plan_id)
        cycle, due_days, report_from = plan_cycle(plan, rules)
        due_list: list[periods.Period] = []
        current = None
        if cycle:
            current = periods.period_of(as_of, cycle)
            first_day = report_from or (plan.issued_on or as_of)
            due_list = periods.due_periods(cycle, due_days, first_day, as_of)
        order = {name: k for k, name in enumerate(sorted(_period_names(session), key=lambda n: _period_sort(n, cycle)))}
        due_cutoffs = {p.name: rules.end_of_day(p.due(due_days)) for p in due_list}
        conn = session.connection()
        rows = conn.execute(
            _assignment_facts(plan_id, cutoff, due_cutoffs, current.name if current else None, order)
        ).all()
        milestones = _known_milestones(conn, plan_id, cutoff)
        places = (
            {m["id"]: [p["place"] for p in m["places"]] for m in measures}
            if measures is not None
            else _measure_places(conn, plan_id)
        )
    # Per-row work is on plain tuples; what repeats (a status's kind, the light of an assignment without milestones
    # for one status and gap, a next milestone) is computed once per snapshot, never kept across calls.
    due_count = len(due_list)
    kinds = {s.name: s.kind for s in rules.statuses}
    done_statuses = {name for name, kind in kinds.items() if kind == "done"}
    rank = {light: k for k, light in enumerate(rules.lights.order)}
    no_facts: list[MilestoneFact] = []
    light_memo: dict[tuple, tuple[str, tuple[str, ...]]] = {}
    marks: dict[tuple, NextMilestone] = {}  # frozen: assignments with the same next milestone share one
    assignments: list[AssignmentStatus] = []
    dept_stats: dict[str, DepartmentStats] = {}
    themes: dict[int, str] = {}
    for (
        aid, number, theme, department, role, newest_due, has_current, in_time,
        report_id, period, status, percent, report_on, sample, progress, state,
    ) in rows:  # fmt: skip
        themes[number] = theme
        newest_due = -1 if newest_due is None else int(newest_due)
        missing = due_count - 1 - newest_due  # due periods after the newest one reported
        facts = milestones.get(aid, no_facts)
        if facts:
            light = assignment_light(rules, as_of, facts, status, missing)
            level, reasons = light.level, list(light.reasons)
            upcoming = next_milestone(facts, as_of)
            if upcoming is not None:
                mark_key = (upcoming.text, upcoming.due_on)
                mark = marks.get(mark_key)
                if mark is None:
                    mark = marks[mark_key] = NextMilestone(upcoming.text, upcoming.due_on.isoformat())
            else:
                mark = None
        else:
            held = light_memo.get((status, missing))
            if held is None:
                light = assignment_light(rules, as_of, facts, status, missing)
                held = light_memo[(status, missing)] = (light.level, light.reasons)
            level, reasons = held[0], list(held[1])
            mark = None
        if report_id is None:
            status = percent = period = state = None
            last_on, excerpt, is_sample = None, "", False
        else:
            last_on = report_on if isinstance(report_on, str) else report_on.isoformat()
            excerpt, is_sample = _excerpt(progress), bool(sample)
        a = AssignmentStatus(
            assignment_id=aid,
            measure=number,
            department=department,
            role=role,
            light=level,
            reasons=reasons,
            status=status,
            percent=percent,
            last_report_on=last_on,
            last_period=period,
            report_state=state,
            excerpt=excerpt,
            next_milestone=mark,
            reported_current=bool(has_current),
            missing_periods=missing,
            overdue="milestone_overdue" in reasons,
            sample=is_sample,
            report_id=report_id,
            due_reports=due_count,
            on_time_reports=int(in_time or 0),
        )
        assignments.append(a)
        stats = dept_stats.get(department)
        if stats is None:
            stats = dept_stats[department] = DepartmentStats(department, None, {}, {}, 0, 0)
        stats.items += 1
        stats.lights[level] = stats.lights.get(level, 0) + 1
        key = status or ""
        stats.statuses[key] = stats.statuses.get(key, 0) + 1
        stats.completed += status in done_statuses
        stats.due_reports += due_count
        stats.on_time_reports += a.on_time_reports
    for stats in dept_stats.values():
        stats.light = rules.worst(stats.lights)
    by_measure: dict[int, list[AssignmentStatus]] = defaultdict(list)
    for a in assignments:
        by_measure[a.measure].append(a)
    measure_rows: dict[int, MeasureStatus] = {}
    for number, members in by_measure.items():
        row = measure_rows[number] = _measure_status(kinds, rank, number, members, places.get(number, []))
        row.theme_short = themes[number]
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


_REPORTS = ProgressReport.__table__.c
_ASSIGNMENTS = Assignment.__table__.c
_MEASURES = Measure.__table__.c
_VERSIONS = 1_000_000  # a (period rank, version) pair as one integer: rank * _VERSIONS + version


def _not_returned(cutoff: dt.datetime, r=_REPORTS):
    """With submitted_at < cutoff (the query's WHERE), the reports that count on the as-of date: not returned by
    then (a report approved or returned after the cutoff was still awaiting review on that date, and counts as
    submitted)."""
    return or_(r.state != "returned", r.reviewed_at.is_(None), r.reviewed_at >= cutoff)


def _period_names(session) -> list[str]:
    """Every period name that has a report (of any plan: one scan of one column, no join; the extra names only
    widen the ordering below)."""
    return list(session.scalars(select(ProgressReport.period).distinct()))


def _assignment_facts(
    plan_id: int,
    cutoff: dt.datetime,
    due_cutoffs: dict[str, dt.datetime],
    current: str | None,
    order: dict[str, int],
):
    """One row per assignment of the plan, in the plan's order: its measure (number, theme), department and role;
    from its reports known by CUTOFF, the index (in the due periods) of the newest due period with a counted
    report (-1: none), whether the current period has one, how many due periods had a report first submitted by
    the end of their due day; and its latest counted report (newest period by ORDER, then highest version) with
    the report's state on the as-of date. A plan of 5,000 assignments has 40,000 reports after two years: they are
    aggregated in the database in one pass (the (assignment, submitted_at) index holds every column it reads), and
    the latest report is then fetched by its unique key, so only one row per assignment comes back."""
    r = _REPORTS
    counted = _not_returned(cutoff)
    due_index = {name: k for k, name in enumerate(due_cutoffs)}
    newest_due = (
        func.max(case((counted, case(due_index, value=r.period, else_=-1)), else_=-1)) if due_index else literal(-1)
    )
    has_current = func.max(case((and_(counted, r.period == (current or "")), 1), else_=0))
    if due_cutoffs:
        due_by = case({n: literal(at, UTCDateTime()) for n, at in due_cutoffs.items()}, value=r.period)
        on_time = func.count(distinct(case((r.submitted_at < due_by, r.period))))
    else:
        on_time = literal(0)
    latest_key = (
        func.max(case((counted, case(order, value=r.period, else_=0) * _VERSIONS + r.version), else_=-1))
        if order
        else literal(-1)
    )
    agg = (
        select(
            _ASSIGNMENTS.id.label("aid"),
            newest_due.label("newest_due"),
            has_current.label("has_current"),
            on_time.label("on_time"),
            latest_key.label("latest_key"),
        )
        .join(Assignment.__table__, _ASSIGNMENTS.id == r.assignment_id)
        .where(_ASSIGNMENTS.plan_id == plan_id, r.submitted_at < cutoff)
        .group_by(_ASSIGNMENTS.id)  # not the reports' column: SQLite then groups in index order, with no sort
        .subquery("agg")
    )
    latest = ProgressReport.__table__.alias("latest")
    ranked_period = {k: name for name, k in order.items()}
    latest_on = and_(
        latest.c.assignment_id == agg.c.aid,
        latest.c.period == case(ranked_period, value=agg.c.latest_key // _VERSIONS, else_=None),
        latest.c.version == agg.c.latest_key % _VERSIONS,
    ) if ranked_period else literal(False)  # fmt: skip
    # The state as known on the as-of date, in the database (no timestamp is parsed per row in Python).
    state = case(
        (or_(latest.c.reviewed_at.is_(None), latest.c.reviewed_at >= cutoff), "submitted"), else_=latest.c.state
    )
    a, m = _ASSIGNMENTS, _MEASURES
    return (
        select(
            a.id, m.number, m.theme_short, a.department, a.role,
            agg.c.newest_due, agg.c.has_current, agg.c.on_time,
            latest.c.id, latest.c.period, latest.c.status, latest.c.percent, type_coerce(latest.c.as_of, String),
            latest.c.sample, latest.c.progress, state,
        )
        .select_from(Assignment.__table__)
        .join(Measure.__table__, m.id == a.measure_id)
        .outerjoin(agg, agg.c.aid == a.id)
        .outerjoin(latest, latest_on)
        .where(a.plan_id == plan_id)
        .order_by(m.position, a.role.desc(), a.id)
    )  # fmt: skip


def _measure_places(conn, plan_id: int) -> dict[int, list[str]]:
    """Per measure number: its places as tagged, with the planner's corrections applied (as plans.plan_measures
    does, without building whole measure records: the snapshot needs only the place ids)."""
    out: dict[int, list[str]] = defaultdict(list)
    for number, place in conn.execute(
        select(Measure.number, PlaceTag.place)
        .join(PlaceTag, PlaceTag.measure_id == Measure.id)
        .where(Measure.plan_id == plan_id)
        .order_by(Measure.position, PlaceTag.position)
    ).all():
        out[number].append(place)
    for number, action, place in conn.execute(
        select(Measure.number, PlaceCorrection.action, PlaceCorrection.place)
        .join(Measure, Measure.id == PlaceCorrection.measure_id)
        .where(PlaceCorrection.plan_id == plan_id)
        .order_by(PlaceCorrection.id)
    ).all():
        if action == "remove":
            out[number] = [p for p in out[number] if p != place]
        else:
            out[number].append(place)
    return out


def _excerpt(text: str) -> str:
    flat = " ".join(without_controls(text or "").split())  # a text stored before controls were dropped
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


def _measure_status(
    kinds: dict[str, str], rank: dict[str, int], number: int, members: list[AssignmentStatus], places: list[str]
) -> MeasureStatus:
    """A measure is as bad as its worst assignment. Its status: 已完成-kind when every department says so, else
    the first lead department's status (the lead answers for the measure), else the first reported one. One pass
    over the members (2,500 measures in a large plan): the first of equals wins, as max() and min() would pick."""
    first = lead = newest = None
    newest_on = ""
    all_done = True
    percent_sum = percent_count = 0
    light = None
    upcoming: NextMilestone | None = None
    overdue = sample = False
    current = True
    for a in members:
        status = a.status
        if status:
            if first is None:
                first = a
            if lead is None and a.role == "lead":
                lead = a
            on = a.last_report_on or ""
            if newest is None or on > newest_on:
                newest, newest_on = a, on
        if all_done and kinds.get(status or "") != "done":
            all_done = False
        if a.percent is not None:
            percent_sum += a.percent
            percent_count += 1
        if light is None or rank[a.light] > rank[light]:
            light = a.light
        mark = a.next_milestone
        if mark and (upcoming is None or mark.due_on < upcoming.due_on):
            upcoming = mark
        overdue = overdue or a.overdue
        current = current and a.reported_current
        sample = sample or a.sample
    if first is not None and all_done:
        status = first.status
    elif lead is not None:
        status = lead.status
    else:
        status = first.status if first is not None else None
    return MeasureStatus(
        measure=number,
        theme_short="",
        light=light or "green",
        status=status,
        percent=round(percent_sum / percent_count) if percent_count else None,
        last_report_on=newest.last_report_on if newest else None,
        excerpt=(lead or newest).excerpt if newest else "",
        report_state=(lead or newest).report_state if newest else None,
        next_milestone=upcoming,
        overdue=overdue,
        reported_current=current,
        sample=sample,
        places=list(places),
        departments=members,
    )
