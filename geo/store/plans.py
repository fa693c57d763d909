"""The plan service: every read and write of plans goes through here (the CLIs and the app only call it).

Writes run in one transaction each: a bad file, a failed check or a lost connection leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import Row, func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from geo import paths
from geo.dataset import Measure as MeasureRecord
from geo.ingest.pipeline import KEY_ORDER
from geo.places.gazetteer import load_gazetteer
from geo.store.engine import session_scope
from geo.store.models import SCHEMA_HEAD, STATES, Measure, PlaceCorrection, PlaceTag, Plan

SEED_PLAN = paths.DATA / "seed_plan.json"  # the seed's title and document facts (data, not code)
CORRECTION_RULE = "correction"  # the "rule" of a tag a planner added by hand
# Called inside a write's transaction with (session, action, plan_id, before, after, measure_number): geo.store.service
# checks the actor's right again and appends the audit entry there, so a change and its record commit together.
WriteHook = Callable[..., None]
# The tables behind the reads of a page's first run (list_plans, plan_measures): no mapper configuration needed.
_PLANS, _MEASURES, _TAGS, _CORRECTIONS = (m.__table__ for m in (Plan, Measure, PlaceTag, PlaceCorrection))
_COLUMNS = {"id", "theme", "theme_short", "subtask", "text", "departments", "co_departments", "deadline", "source"}


class PlanError(ValueError):
    """Input the user can fix (unknown plan, wrong state, bad correction): one clear line."""


class PlanNotFound(PlanError):
    def __init__(self, plan_id: object) -> None:
        self.plan_id = plan_id
        super().__init__(f"no plan with id {plan_id}")


class AlreadyImported(PlanError):
    def __init__(self, plan_id: int, source_name: str) -> None:
        self.plan_id = plan_id
        super().__init__(f"{source_name}: already imported as plan {plan_id}")


@dataclass(frozen=True)
class PlanInfo:
    """A plan without its measures (lists, the switcher, cache keys)."""

    id: int
    title: str
    doc_number: str | None
    issuer: str | None
    issued_on: dt.date | None
    source_name: str
    source_sha256: str
    state: str
    builtin: bool
    version: int
    measures: int

    def to_json(self) -> dict:
        out = asdict(self)
        out["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        return out


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _info(plan: Plan | Row, count: int) -> PlanInfo:
    """From a Plan or a row of the plans table (the same names)."""
    return PlanInfo(
        plan.id,
        plan.title,
        plan.doc_number,
        plan.issuer,
        plan.issued_on,
        plan.source_name,
        plan.source_sha256,
        plan.state,
        plan.builtin,
        plan.version,
        count,
    )


def _count(session: Session, plan_id: int) -> int:
    return session.scalar(select(func.count(Measure.id)).where(Measure.plan_id == plan_id)) or 0


def _row(measure: MeasureRecord, position: int) -> Measure:
    source = measure.get("source") or {}
    extra = {k: v for k, v in measure.items() if k not in _COLUMNS and k != "places"}
    return Measure(
        position=position,
        number=int(measure["id"]),
        theme=measure["theme"],
        theme_short=measure["theme_short"],
        subtask=measure.get("subtask", ""),
        text=measure["text"],
        departments=list(measure.get("departments", [])),
        co_departments=list(measure["co_departments"]) if "co_departments" in measure else None,
        deadline=measure.get("deadline"),
        source_document=str(source.get("document", "")),
        source_row=int(source.get("row", measure["id"])),
        extra=extra or None,
        places=[
            PlaceTag(position=k, place=t["place"], evidence=t.get("evidence", ""), rule=t.get("rule", ""))
            for k, t in enumerate(measure.get("places", []))
        ],
    )


def create_plan(
    measures: list[MeasureRecord],
    *,
    title: str,
    source_name: str,
    source_sha256: str,
    doc_number: str | None = None,
    issuer: str | None = None,
    issued_on: dt.date | None = None,
    state: str = "draft",
    builtin: bool = False,
    url: str | None = None,
    on_write: WriteHook | None = None,
) -> PlanInfo:
    """Store a parsed plan in one transaction. The same source bytes twice raise AlreadyImported, also when two
    imports race (the unique sha256 decides; the loser's transaction is rolled back whole)."""
    if state not in STATES:
        raise PlanError(f"unknown state {state!r} ({', '.join(STATES)})")
    if not measures:
        raise PlanError(f"{source_name}: no measures found")
    if not title.strip():
        raise PlanError("a plan needs a title")
    existing = find_by_sha(source_sha256, url=url)
    if existing is not None:
        raise AlreadyImported(existing, source_name)
    try:
        with session_scope(url, write=True) as session:
            plan = Plan(
                title=title.strip(),
                doc_number=doc_number or None,
                issuer=issuer or None,
                issued_on=issued_on,
                source_name=source_name,
                source_sha256=source_sha256,
                state=state,
                builtin=builtin,
                version=1,
                measures=[_row(m, k) for k, m in enumerate(measures)],
            )
            session.add(plan)
            session.flush()
            created = _info(plan, len(measures))
            if on_write is not None:
                on_write(session, action="plan.create", plan_id=plan.id, before=None, after=created.to_json())
            return created
    except IntegrityError:
        existing = find_by_sha(source_sha256, url=url)
        if existing is None:
            raise
        raise AlreadyImported(existing, source_name) from None


def import_file(path: str | Path, **options) -> PlanInfo:
    """Ingest a task table (every format geo.ingest reads) as a new plan; OPTIONS as for import_bytes. Raises
    IngestError for a bad file, AlreadyImported for a file stored before; writes nothing in either case."""
    from geo.ingest.guard import Limits, load_guarded, read_file

    # A file from outside: read under the size cap (a FIFO or a device is refused, not waited on) and parsed in
    # the bounded worker, as the import page and `python -m geo.ingest` do. A missing file is one IngestError line.
    data = read_file(path, Limits.from_env())
    measures = load_guarded(data, Path(path).name)
    return import_bytes(data, Path(path).name, measures=measures, **options)


def import_bytes(
    data: bytes,
    file_name: str,
    *,
    title: str | None = None,
    publish: bool = False,
    doc_number: str | None = None,
    issuer: str | None = None,
    issued_on: dt.date | None = None,
    url: str | None = None,
    measures: list[MeasureRecord] | None = None,
    on_write: WriteHook | None = None,
) -> PlanInfo:
    """A plan from uploaded bytes; ``measures`` skips parsing when the caller has the preview already."""
    from geo.ingest.errors import IngestError

    sha = sha256_bytes(data)
    existing = find_by_sha(sha, url=url)
    if existing is not None:
        raise AlreadyImported(existing, file_name)
    if measures is None:
        from geo.ingest.guard import load_guarded  # uploaded bytes: parsed in the bounded worker

        measures = load_guarded(data, file_name)
    if not measures:
        raise IngestError("no measures found in this table", file=file_name)
    return create_plan(
        measures,
        title=title or Path(file_name).stem,
        source_name=file_name,
        source_sha256=sha,
        doc_number=doc_number,
        issuer=issuer,
        issued_on=issued_on,
        state="published" if publish else "draft",
        url=url,
        on_write=on_write,
    )


def find_by_sha(sha256: str, *, url: str | None = None) -> int | None:
    with session_scope(url) as session:
        return session.scalar(select(Plan.id).where(Plan.source_sha256 == sha256))


def list_plans(*, url: str | None = None, states: tuple[str, ...] | None = None) -> list[PlanInfo]:
    """Plans by id (the built-in one first), with their number of measures; one query.
    On the tables, not the mapped classes: every page's first run reads this list, and an ORM query would first
    configure every mapper of the schema (accounts, progress…), which the plan list does not need."""
    plan, measure = _PLANS.c, _MEASURES.c
    counts = select(measure.plan_id, func.count(measure.id).label("n")).group_by(measure.plan_id).subquery()
    query = select(_PLANS, func.coalesce(counts.c.n, 0).label("measure_count")).outerjoin(
        counts, counts.c.plan_id == plan.id
    )
    if states:
        query = query.where(plan.state.in_(states))
    with session_scope(url) as session:
        rows = session.execute(query.order_by(plan.builtin.desc(), plan.id)).all()
        return [_info(row, row.measure_count) for row in rows]


def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise PlanNotFound(plan_id)
    return plan


def writable_plan(session: Session, plan_id: int, error: type[Exception] = PlanError) -> Plan:
    """The plan, for a write about its work (assignments, reports, milestones, reviews, its cycle): an archived plan
    is a record of what was, and takes no more writes (ERROR names it)."""
    plan = _plan(session, plan_id)
    if plan.state == "archived":
        raise error(f"plan {plan_id} is archived: its assignments, reports and cycle can no longer be changed")
    return plan


def get_plan(plan_id: int, *, url: str | None = None) -> PlanInfo:
    with session_scope(url) as session:
        plan = _plan(session, plan_id)
        return _info(plan, _count(session, plan_id))


def builtin_plan(*, url: str | None = None) -> PlanInfo | None:
    with session_scope(url) as session:
        plan = session.scalar(select(Plan).where(Plan.builtin.is_(True)).order_by(Plan.id).limit(1))
        return None if plan is None else _info(plan, _count(session, plan.id))


def _record(row: Measure | Row, tags: list, corrections: list) -> MeasureRecord:
    """A measure (a Measure or a row of its table), its tags in order and its plan's corrections of it, oldest first."""
    places = [{"place": t.place, "evidence": t.evidence, "rule": t.rule} for t in tags]
    for c in corrections:
        if c.action == "remove":
            places = [t for t in places if t["place"] != c.place]
        else:
            places.append({"place": c.place, "evidence": c.evidence, "rule": CORRECTION_RULE})
    full: dict = {
        "id": row.number,
        "theme": row.theme,
        "theme_short": row.theme_short,
        "subtask": row.subtask,
        "text": row.text,
        "departments": list(row.departments),
        "places": places,
        "source": {"document": row.source_document, "row": row.source_row},
    }
    if row.co_departments is not None:
        full["co_departments"] = list(row.co_departments)
    if row.deadline is not None:
        full["deadline"] = row.deadline
    ordered = {key: full[key] for key in KEY_ORDER if key in full}
    return {**ordered, **(row.extra or {})}


def plan_measures(plan_id: int, *, url: str | None = None) -> list[MeasureRecord]:
    """The plan's measures in the contract of data/measures.json, with the planner's corrections applied.
    On the tables, like list_plans: a page opened on ?plan=N reads this in its first run."""
    measure, tag, correction = _MEASURES.c, _TAGS.c, _CORRECTIONS.c
    with session_scope(url) as session:
        if session.scalar(select(_PLANS.c.id).where(_PLANS.c.id == plan_id)) is None:
            raise PlanNotFound(plan_id)
        rows = session.execute(select(_MEASURES).where(measure.plan_id == plan_id).order_by(measure.position)).all()
        tags: dict[int, list[Row]] = {}
        for t in session.execute(
            select(tag.measure_id, tag.place, tag.evidence, tag.rule)
            .join(_MEASURES, measure.id == tag.measure_id)
            .where(measure.plan_id == plan_id)
            .order_by(tag.measure_id, tag.position)
        ):
            tags.setdefault(t.measure_id, []).append(t)
        corrections: dict[int, list[Row]] = {}
        for c in session.execute(select(_CORRECTIONS).where(correction.plan_id == plan_id).order_by(correction.id)):
            corrections.setdefault(c.measure_id, []).append(c)
        return [_record(row, tags.get(row.id, []), corrections.get(row.id, [])) for row in rows]


def plan_corrections(plan_id: int, *, url: str | None = None) -> list[dict]:
    """The planner's corrections, oldest first: measure number, action, place, evidence, reason."""
    with session_scope(url) as session:
        _plan(session, plan_id)
        rows = session.execute(
            select(PlaceCorrection, Measure.number)
            .join(Measure, Measure.id == PlaceCorrection.measure_id)
            .where(PlaceCorrection.plan_id == plan_id)
            .order_by(PlaceCorrection.id)
        ).all()
        return [
            {"measure": n, "action": c.action, "place": c.place, "evidence": c.evidence, "reason": c.reason}
            for c, n in rows
        ]


def _touch(plan: Plan) -> None:
    plan.version += 1
    plan.updated_at = dt.datetime.now(dt.UTC)


def _set_state(
    plan_id: int, state: str, allowed_from: tuple[str, ...], url: str | None, on_write: WriteHook | None = None
) -> PlanInfo:
    with session_scope(url, write=True) as session:
        plan = _plan(session, plan_id)
        if plan.state == state:
            return _info(plan, _count(session, plan_id))
        if plan.state not in allowed_from:
            raise PlanError(f"plan {plan_id} is {plan.state}; it cannot become {state}")
        before = _info(plan, _count(session, plan_id))
        plan.state = state
        _touch(plan)
        session.flush()
        after = _info(plan, _count(session, plan_id))
        if on_write is not None:
            on_write(session, action=f"plan.{state}", plan_id=plan_id, before=before.to_json(), after=after.to_json())
        return after


def publish(plan_id: int, *, url: str | None = None, on_write: WriteHook | None = None) -> PlanInfo:
    """Make a draft visible to everyone (the plan switcher lists published plans)."""
    return _set_state(plan_id, "published", ("draft",), url, on_write)


def archive(plan_id: int, *, url: str | None = None, on_write: WriteHook | None = None) -> PlanInfo:
    return _set_state(plan_id, "archived", ("draft", "published"), url, on_write)


def _measure_row(session: Session, plan_id: int, number: int) -> Measure:
    row = session.scalar(
        select(Measure)
        .where(Measure.plan_id == plan_id, Measure.number == number)
        .options(selectinload(Measure.places))
    )
    if row is None:
        raise PlanError(f"plan {plan_id} has no measure {number}")
    return row


def correct_places(
    plan_id: int,
    number: int,
    action: str,
    place: str,
    *,
    reason: str = "",
    evidence: str = "",
    url: str | None = None,
    on_write: WriteHook | None = None,
) -> PlanInfo:
    """Remove a tag from measure NUMBER, or add one (a reason is required). Stored as a correction, never by
    editing the tagger's rows, so the plan shows what the planner changed."""
    if action not in ("remove", "add"):
        raise PlanError(f"unknown correction {action!r} (remove or add)")
    reason, evidence = reason.strip(), evidence.strip()
    with session_scope(url, write=True) as session:
        plan = _plan(session, plan_id)
        if plan.state == "archived":
            raise PlanError(f"plan {plan_id} is archived; it cannot be corrected")
        row = _measure_row(session, plan_id, number)
        earlier = list(
            session.scalars(
                select(PlaceCorrection).where(PlaceCorrection.measure_id == row.id).order_by(PlaceCorrection.id)
            )
        )
        current = {t["place"] for t in _record(row, row.places, earlier)["places"]}
        if action == "remove":
            if place not in current:
                raise PlanError(f"measure {number} is not tagged with {place!r}")
        else:
            if place not in load_gazetteer():
                raise PlanError(f"unknown place {place!r} (not in {paths.PLACES.name})")
            if place in current:
                raise PlanError(f"measure {number} is already tagged with {place!r}")
            if not reason:
                raise PlanError("adding a place needs a reason")
            if evidence and evidence not in row.text:
                raise PlanError(f"evidence {evidence!r} is not in the text of measure {number}")
        session.add(
            PlaceCorrection(
                plan_id=plan_id, measure_id=row.id, action=action, place=place, evidence=evidence, reason=reason
            )
        )
        _touch(plan)
        session.flush()
        if on_write is not None:
            change = {"action": action, "place": place, "evidence": evidence, "reason": reason}
            after = sorted(current - {place}) if action == "remove" else sorted(current | {place})
            on_write(
                session,
                action="plan.correct_places",
                plan_id=plan_id,
                before={"places": sorted(current)},
                after={"places": after, "correction": change},
                measure_number=number,
            )
        return _info(plan, _count(session, plan_id))


def store_is_ready(*, url: str | None = None) -> bool:
    """True when the schema is at SCHEMA_HEAD and holds a plan: the app's start-up then skips Alembic (its import
    and script scan cost more than the whole check)."""
    with session_scope(url) as session:
        if not inspect(session.connection()).has_table("alembic_version"):
            return False
        if session.scalar(text("SELECT version_num FROM alembic_version")) != SCHEMA_HEAD:
            return False
        return session.scalar(select(_PLANS.c.id).limit(1)) is not None


def seed_facts() -> dict:
    with open(SEED_PLAN, encoding="utf-8") as f:
        return json.load(f)


def ensure_seed(*, url: str | None = None, measures_path: Path | None = None) -> PlanInfo | None:
    """Load data/measures.json, unchanged, as the built-in published plan when the database holds no plan.
    Returns the new plan, or None when there were plans already."""
    with session_scope(url) as session:
        if session.scalar(select(Plan.id).limit(1)) is not None:
            return None
    path = Path(measures_path or paths.MEASURES)
    data = path.read_bytes()
    facts = seed_facts()
    issued = facts.get("issued_on")
    try:
        return create_plan(
            json.loads(data),
            title=facts["title"],
            doc_number=facts.get("doc_number"),
            issuer=facts.get("issuer"),
            issued_on=dt.date.fromisoformat(issued) if issued else None,
            source_name=path.name,
            source_sha256=sha256_bytes(data),
            state="published",
            builtin=True,
            url=url,
        )
    except AlreadyImported:  # another process seeded it at the same moment
        return None
