"""The service layer's progress half: the reporting cycle, milestones, progress reports and their review.

Every write here re-checks the actor inside its transaction (geo.store.service._current) and appends the audit
entry in the same transaction, as the rest of the service layer does. Who may write:
- the reporting cycle: ``admin`` (the 专责小组 office);
- milestones and reports of an assignment: the department's ``reporter``, or ``admin``;
- reviews (approve, return with a comment): ``admin`` or ``reviewer``.

Workflow of a report: draft -> submitted -> approved | returned. Only a draft is edited in place. Writing to a
returned or approved report makes the next version (``supersedes_id``); nothing is deleted, except sample data
(``remove_samples``), which is marked as such from the start.

``now`` exists for the command line's operator and the tests (reports of past periods); pages never pass it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from geo.places.gazetteer import load_gazetteer
from geo.progress import periods
from geo.progress.rules import load_rules
from geo.store import audit, plans
from geo.store.engine import session_scope
from geo.store.models import CYCLES, Assignment, Measure, Milestone, Plan, ProgressReport
from geo.store.service import Actor, Forbidden, _current, _require_admin, assignment_for_write
from geo.store.texts import clean_text

REVIEWERS = ("admin", "reviewer")


class ProgressError(ValueError):
    """Input the user can fix (a period outside the cycle, an unknown status, 140%): one clear line."""


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


# --- the reporting cycle ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleInfo:
    plan_id: int
    cycle: str | None
    due_days: int
    report_from: str | None

    def to_json(self) -> dict:
        return asdict(self)


def _cycle_info(plan: Plan) -> CycleInfo:
    rules = load_rules()
    start = plan.report_from.isoformat() if plan.report_from else None
    return CycleInfo(plan.id, plan.report_cycle, plan.report_due_days or rules.default_due_days, start)


def get_cycle(plan_id: int, *, url: str | None = None) -> CycleInfo:
    with session_scope(url) as session:
        return _cycle_info(plans._plan(session, plan_id))


def set_cycle(
    actor: Actor,
    plan_id: int,
    cycle: str,
    *,
    due_days: int | None = None,
    report_from: dt.date | None = None,
    url: str | None = None,
) -> CycleInfo:
    """The office sets how often the plan's departments report, and how many days after a period its report is
    due (data/progress.json's default_due_days when not given)."""
    if cycle not in CYCLES:
        raise ProgressError(f"unknown reporting cycle {cycle!r} (one of: {', '.join(CYCLES)})")
    if due_days is not None and not 0 <= due_days <= 90:
        raise ProgressError(f"due days must be 0–90, not {due_days}")
    with session_scope(url, write=True) as session:
        current = _require_admin(session, actor, "set reporting cycles")
        plan = plans.writable_plan(session, plan_id, ProgressError)
        before = _cycle_info(plan).to_json()
        plan.report_cycle = cycle
        plan.report_due_days = due_days if due_days is not None else load_rules().default_due_days
        plan.report_from = report_from or plan.report_from or plan.issued_on
        plans._touch(plan)
        session.flush()
        after = _cycle_info(plan)
        audit.append(
            session, actor=current.label, action="plan.cycle", entity="plan", entity_id=plan_id,
            before=before, after=after.to_json(), plan_id=plan_id,
        )  # fmt: skip
        return after


# --- milestones ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneInfo:
    assignment_id: int
    key: int
    version: int
    text: str
    due_on: str | None
    done_on: str | None
    source: str
    removed: bool
    recorded_at: str
    recorded_by: str
    superseded_at: str | None

    def to_json(self) -> dict:
        return asdict(self)


def _milestone_info(m: Milestone) -> MilestoneInfo:
    return MilestoneInfo(
        m.assignment_id, m.key, m.version, m.text,
        m.due_on.isoformat() if m.due_on else None, m.done_on.isoformat() if m.done_on else None,
        m.source, m.removed, m.recorded_at.isoformat(), m.recorded_by,
        m.superseded_at.isoformat() if m.superseded_at else None,
    )  # fmt: skip


def _assignment_for_write(session: Session, actor: Actor, assignment_id: int, what: str) -> tuple:
    return assignment_for_write(session, actor, assignment_id, what, missing=ProgressError)


def _entity(assignment: Assignment, measure: Measure) -> str:
    return f"{assignment.plan_id}/{measure.number}/{assignment.department}"


def _check_dates(*pairs: tuple[str, dt.date | None]) -> None:
    for label, value in pairs:
        if value is not None and not 1900 < value.year < 2200:
            raise ProgressError(f"{label} {value.isoformat()} is out of range")


def add_milestone(
    actor: Actor,
    assignment_id: int,
    text: str,
    due_on: dt.date | None,
    *,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> MilestoneInfo:
    text = clean_text(text, "the stage goal", ProgressError)
    if not text:
        raise ProgressError("a milestone needs its stage goal (阶段目标)")
    _check_dates(("due date", due_on))
    with session_scope(url, write=True) as session:
        current, assignment, measure = _assignment_for_write(session, actor, assignment_id, "set the milestones")
        key = (session.scalar(select(func.max(Milestone.key)).where(Milestone.assignment_id == assignment_id)) or 0) + 1
        row = Milestone(
            assignment_id=assignment_id, key=key, version=1, text=text, due_on=due_on, done_on=None,
            source="office" if current.role == "admin" else "reporter", removed=False,
            recorded_at=_now(now), recorded_by=current.label,
        )  # fmt: skip
        session.add(row)
        session.flush()
        info = _milestone_info(row)
        audit.append(
            session, actor=current.label, action="milestone.add", entity="milestone",
            entity_id=f"{_entity(assignment, measure)}/{key}", after=info.to_json(),
            plan_id=assignment.plan_id, measure_number=measure.number,
        )  # fmt: skip
        return info


_UNSET = object()


def update_milestone(
    actor: Actor,
    assignment_id: int,
    key: int,
    *,
    text: str | None = None,
    due_on: dt.date | None | object = _UNSET,
    done_on: dt.date | None | object = _UNSET,
    remove: bool = False,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> MilestoneInfo:
    """Change a milestone (text, due date, done date) or remove it: the current version is closed and the next
    one recorded, so an earlier as-of date still sees the milestone as it stood."""
    _check_dates(*(("date", v) for v in (due_on, done_on) if isinstance(v, dt.date)))
    stamp = _now(now)
    with session_scope(url, write=True) as session:
        current, assignment, measure = _assignment_for_write(session, actor, assignment_id, "set the milestones")
        row = session.scalar(
            select(Milestone).where(
                Milestone.assignment_id == assignment_id, Milestone.key == key, Milestone.superseded_at.is_(None)
            )
        )
        if row is None or row.removed:
            raise ProgressError(f"assignment {assignment_id} has no milestone {key}")
        new = Milestone(
            assignment_id=assignment_id, key=key, version=row.version + 1,
            text=clean_text(text, "the stage goal", ProgressError) or row.text,
            due_on=row.due_on if due_on is _UNSET else due_on,
            done_on=row.done_on if done_on is _UNSET else done_on,
            source=row.source, removed=remove, recorded_at=stamp, recorded_by=current.label,
        )  # fmt: skip
        if (new.text, new.due_on, new.done_on, new.removed) == (row.text, row.due_on, row.done_on, row.removed):
            return _milestone_info(row)
        before = _milestone_info(row)
        row.superseded_at = stamp
        session.add(new)
        session.flush()
        after = _milestone_info(new)
        audit.append(
            session, actor=current.label, action="milestone.remove" if remove else "milestone.update",
            entity="milestone", entity_id=f"{_entity(assignment, measure)}/{key}",
            before=before.to_json(), after=after.to_json(), plan_id=assignment.plan_id, measure_number=measure.number,
        )  # fmt: skip
        return after


def list_milestones(assignment_id: int, *, url: str | None = None, all_versions: bool = False) -> list[MilestoneInfo]:
    query = select(Milestone).where(Milestone.assignment_id == assignment_id)
    if not all_versions:
        query = query.where(Milestone.superseded_at.is_(None), Milestone.removed.is_(False))
    with session_scope(url) as session:
        return [_milestone_info(m) for m in session.scalars(query.order_by(Milestone.key, Milestone.version))]


# --- progress reports ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportInfo:
    id: int
    assignment_id: int
    plan_id: int
    measure: int
    department: str
    period: str
    version: int
    state: str
    as_of: str
    status: str
    percent: int | None
    progress: str
    next_steps: str
    problems: str
    places: list
    sample: bool
    author: str
    submitted_at: str | None
    reviewed_at: str | None
    reviewer: str | None
    review_comment: str
    supersedes_id: int | None

    def to_json(self) -> dict:
        return asdict(self)


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).isoformat(timespec="seconds")


def _report_info(r: ProgressReport, a: Assignment, m: Measure) -> ReportInfo:
    return ReportInfo(
        r.id, r.assignment_id, a.plan_id, m.number, a.department, r.period, r.version, r.state,
        r.as_of.isoformat(), r.status, r.percent, r.progress, r.next_steps, r.problems, list(r.places or []),
        bool(r.sample), r.author, _iso(r.submitted_at), _iso(r.reviewed_at), r.reviewer, r.review_comment or "",
        r.supersedes_id,
    )  # fmt: skip


@dataclass(frozen=True)
class ReportInput:
    """What a reporter writes for one assignment and period (a form, or one row of a filled sheet)."""

    period: str
    as_of: dt.date
    status: str
    percent: int | None = None
    progress: str = ""
    next_steps: str = ""
    problems: str = ""
    places: tuple[str, ...] = ()


def check_report(plan: Plan, item: ReportInput, today: dt.date | None = None) -> periods.Period:
    """The checks every report passes (forms, sheets and the CLI alike); raises ProgressError with one line.

    A report is for a period that has begun (by TODAY, the plan's local date) and that the plan asks for (not
    before its reporting start), and it is dated inside that period or after it, never in the future: a future
    "已完成" would turn a light green that nobody has earned."""
    rules = load_rules()
    today = today or rules.today()
    if not plan.report_cycle:
        raise ProgressError(f"plan {plan.id} has no reporting cycle yet (the office sets it)")
    period = periods.parse_period(item.period, plan.report_cycle)
    if period.start > today:
        raise ProgressError(f"period {period.name} has not begun yet (it starts {period.start.isoformat()})")
    if plan.report_from and period.end < plan.report_from:
        raise ProgressError(
            f"period {period.name} is before the plan's reporting start ({plan.report_from.isoformat()})"
        )
    if not isinstance(item.as_of, dt.date):
        raise ProgressError(f"report date {item.as_of!r} is not a date")
    if item.as_of > today:
        raise ProgressError(f"report date {item.as_of.isoformat()} is in the future")
    if item.as_of < period.start:
        raise ProgressError(f"report date {item.as_of.isoformat()} is before period {period.name} begins")
    if item.status not in rules.status_names:
        raise ProgressError(f"status {item.status!r} is not one of {'、'.join(rules.status_names)}")
    if item.percent is not None and not (
        isinstance(item.percent, int) and not isinstance(item.percent, bool) and 0 <= item.percent <= 100
    ):
        raise ProgressError(f"completion {item.percent}% is outside 0–100")
    _check_dates(("report date", item.as_of))
    gazetteer = load_gazetteer()
    unknown = [p for p in item.places if p not in gazetteer]
    if unknown:
        raise ProgressError(f"unknown place {unknown[0]!r} (places come from the gazetteer)")
    return period


def _latest(session: Session, assignment_id: int, period: str) -> ProgressReport | None:
    return session.scalar(
        select(ProgressReport)
        .where(ProgressReport.assignment_id == assignment_id, ProgressReport.period == period)
        .order_by(ProgressReport.version.desc())
        .limit(1)
    )


def _save(
    session: Session, current: Actor, assignment: Assignment, measure: Measure, plan: Plan, item: ReportInput,
    *, submit: bool, sample: bool, stamp: dt.datetime,
) -> ReportInfo:  # fmt: skip
    period = check_report(plan, item, stamp.astimezone(load_rules().timezone).date())
    held = _latest(session, assignment.id, period.name)
    before = _report_info(held, assignment, measure).to_json() if held else None
    fields = dict(
        as_of=item.as_of, status=item.status, percent=item.percent,
        progress=clean_text(item.progress, "进展情况", ProgressError),
        next_steps=clean_text(item.next_steps, "下一步计划", ProgressError),
        problems=clean_text(item.problems, "存在问题", ProgressError), places=list(item.places),
    )  # fmt: skip
    if held is not None and held.state == "submitted":
        raise ProgressError(
            f"the {period.name} report of measure {measure.number} ({assignment.department}) awaits review; "
            "it can be changed after the office approves or returns it"
        )
    if held is not None and held.state == "draft":
        row = held
        for key, value in fields.items():
            setattr(row, key, value)
        row.updated_at = stamp
        row.author = current.label  # who wrote what is there now (the office may not approve its own words)
        action = "report.edit"
    else:
        row = ProgressReport(
            assignment_id=assignment.id, period=period.name, version=(held.version + 1) if held else 1,
            state="draft", sample=sample, author=current.label, created_at=stamp, updated_at=stamp,
            review_comment="", supersedes_id=held.id if held else None, **fields,
        )  # fmt: skip
        session.add(row)
        action = "report.correct" if held else "report.create"
    if submit:
        row.state = "submitted"
        row.submitted_at = stamp
        action += "+submit"
    session.flush()
    after = _report_info(row, assignment, measure)
    audit.append(
        session, actor=current.label, action=action, entity="report",
        entity_id=f"{_entity(assignment, measure)}/{period.name}", before=before, after=after.to_json(),
        plan_id=assignment.plan_id, measure_number=measure.number,
    )  # fmt: skip
    return after


def save_report(
    actor: Actor,
    assignment_id: int,
    item: ReportInput,
    *,
    submit: bool = False,
    sample: bool = False,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> ReportInfo:
    """Write a report (a draft, or submitted at once). A returned or approved report gets a new version."""
    with session_scope(url, write=True) as session:
        current, assignment, measure = _assignment_for_write(session, actor, assignment_id, "write the reports")
        plan = plans._plan(session, assignment.plan_id)
        return _save(session, current, assignment, measure, plan, item, submit=submit, sample=sample, stamp=_now(now))


def save_reports(
    actor: Actor,
    items: list[tuple[int, ReportInput]],
    *,
    submit: bool = True,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> list[ReportInfo]:
    """Several reports in ONE transaction (a filled sheet): all are saved, or none."""
    stamp = _now(now)
    out = []
    with session_scope(url, write=True) as session:
        for assignment_id, item in items:
            current, assignment, measure = _assignment_for_write(session, actor, assignment_id, "write the reports")
            plan = plans._plan(session, assignment.plan_id)
            out.append(
                _save(session, current, assignment, measure, plan, item, submit=submit, sample=False, stamp=stamp)
            )
    return out


def _report_row(session: Session, report_id: int) -> tuple[ProgressReport, Assignment, Measure]:
    row = session.execute(
        select(ProgressReport, Assignment, Measure)
        .join(Assignment, Assignment.id == ProgressReport.assignment_id)
        .join(Measure, Measure.id == Assignment.measure_id)
        .where(ProgressReport.id == report_id)
    ).first()
    if row is None:
        raise ProgressError(f"no report {report_id}")
    return row


def submit_report(
    actor: Actor, report_id: int, *, url: str | None = None, now: dt.datetime | None = None
) -> ReportInfo:
    with session_scope(url, write=True) as session:
        report, assignment, measure = _report_row(session, report_id)
        current, _, _ = _assignment_for_write(session, actor, assignment.id, "submit the reports")
        if report.state != "draft":
            raise ProgressError(f"report {report_id} is {report.state}, only a draft can be submitted")
        before = _report_info(report, assignment, measure).to_json()
        report.state = "submitted"
        report.submitted_at = _now(now)
        session.flush()
        after = _report_info(report, assignment, measure)
        audit.append(
            session, actor=current.label, action="report.submit", entity="report",
            entity_id=f"{_entity(assignment, measure)}/{report.period}", before=before, after=after.to_json(),
            plan_id=assignment.plan_id, measure_number=measure.number,
        )  # fmt: skip
        return after


def may_review(actor: Actor | None) -> bool:
    return actor is not None and actor.kind != "anonymous" and actor.role in REVIEWERS


def review_report(
    actor: Actor,
    report_id: int,
    action: str,
    comment: str = "",
    *,
    url: str | None = None,
    now: dt.datetime | None = None,
) -> ReportInfo:
    """The office approves a submitted report, or returns it with a comment (a return needs one)."""
    if action not in ("approve", "return"):
        raise ProgressError(f"unknown review action {action!r} (approve or return)")
    comment = clean_text(comment, "the review comment", ProgressError)
    if action == "return" and not comment:
        raise ProgressError("returning a report needs a comment that says what to change")
    with session_scope(url, write=True) as session:
        current = _current(session, actor)
        if not may_review(current):
            raise Forbidden(f"{current.username} ({current.role}) may not review reports: office only")
        report, assignment, measure = _report_row(session, report_id)
        plans.writable_plan(session, assignment.plan_id, ProgressError)
        if report.state != "submitted":
            raise ProgressError(f"report {report_id} is {report.state}, only a submitted report can be reviewed")
        if current.kind != "operator" and report.author == current.label:
            # Four eyes: the office reviews what a department wrote, never its own words.
            raise Forbidden(f"{current.username} wrote this report and may not review it: another reviewer does")
        before = _report_info(report, assignment, measure).to_json()
        report.state = "approved" if action == "approve" else "returned"
        report.reviewed_at = _now(now)
        report.reviewer = current.label
        report.review_comment = comment
        session.flush()
        after = _report_info(report, assignment, measure)
        audit.append(
            session, actor=current.label, action=f"report.{action}", entity="report",
            entity_id=f"{_entity(assignment, measure)}/{report.period}", before=before, after=after.to_json(),
            plan_id=assignment.plan_id, measure_number=measure.number,
        )  # fmt: skip
        return after


def _report_query(plan_id: int):
    return (
        select(ProgressReport, Assignment, Measure)
        .join(Assignment, Assignment.id == ProgressReport.assignment_id)
        .join(Measure, Measure.id == Assignment.measure_id)
        .where(Assignment.plan_id == plan_id)
    )


def list_reports(
    plan_id: int,
    *,
    viewer: Actor | None = None,
    department: str | None = None,
    states: tuple[str, ...] | None = None,
    period: str | None = None,
    measure: int | None = None,
    url: str | None = None,
) -> list[ReportInfo]:
    """Reports in measure, department, period and version order. Drafts only for their own department's
    reporters (the office never sees a draft)."""
    from geo.ingest import departments as registry

    query = _report_query(plan_id)
    if department:
        query = query.where(Assignment.department == registry.current_name(department))
    if states:
        query = query.where(ProgressReport.state.in_(states))
    if period:
        query = query.where(ProgressReport.period == period)
    if measure is not None:
        query = query.where(Measure.number == measure)
    query = query.order_by(Measure.position, Assignment.department, ProgressReport.period, ProgressReport.version)
    with session_scope(url) as session:
        out = []
        for report, assignment, m in session.execute(query):
            if report.state == "draft" and not _sees_drafts(viewer, assignment.department):
                continue
            out.append(_report_info(report, assignment, m))
        return out


def _sees_drafts(viewer: Actor | None, department: str) -> bool:
    return viewer is not None and viewer.role == "reporter" and viewer.department == department


def awaiting_review(plan_id: int, *, url: str | None = None) -> list[ReportInfo]:
    return list_reports(plan_id, states=("submitted",), url=url)


def remove_samples(actor: Actor, plan_id: int, *, url: str | None = None) -> int:
    """Remove the plan's sample reports (python -m geo.progress demo --remove); real reports are untouched."""
    with session_scope(url, write=True) as session:
        current = _require_admin(session, actor, "remove sample data")
        ids = [
            rid
            for (rid,) in session.execute(
                select(ProgressReport.id)
                .join(Assignment, Assignment.id == ProgressReport.assignment_id)
                .where(Assignment.plan_id == plan_id, ProgressReport.sample.is_(True))
            )
        ]
        for start in range(0, len(ids), 900):
            session.query(ProgressReport).filter(ProgressReport.id.in_(ids[start : start + 900])).delete(
                synchronize_session=False
            )
        audit.append(
            session, actor=current.label, action="report.remove_samples", entity="plan", entity_id=plan_id,
            after={"removed": len(ids)}, plan_id=plan_id,
        )  # fmt: skip
        return len(ids)
