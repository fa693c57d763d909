"""The one service layer every write goes through: it checks who acts (role, department, account still enabled)
and records the change in the audit trail, in the same transaction as the change.

Who may write:
- ``admin`` (the 专责小组 office): plans, accounts, and the assignments of any department;
- ``reporter``: only the assignments of its own department;
- ``reviewer`` and ``viewer``: nothing here (reviews come with the progress reports);
- anonymous visitors and disabled accounts: nothing.

The command line acts as the server operator (``OPERATOR``, an admin): whoever can run it can also edit the
database directly, so it is not an account; its entries are recorded as ``operator``. A CLI command that acts
for a person (``--as USER``) uses that person's account and its rights.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from geo.ingest import departments
from geo.progress.deadlines import deadline_date
from geo.store import accounts, audit, plans
from geo.store.engine import session_scope
from geo.store.models import Account, Assignment, Measure, Milestone
from geo.store.texts import clean_text

ANONYMOUS_NAME = "anonymous"
SYSTEM_NAME = "system"  # changes the software makes by itself (assignments derived from a plan)


class Forbidden(PermissionError):
    """The actor may not do this: one line, safe to show (names the action, never a password)."""


@dataclass(frozen=True)
class Actor:
    """Who acts. kind: "account" (a person logged in), "operator" (the CLI), "anonymous"."""

    username: str
    role: str | None
    department: str | None = None
    kind: str = "account"

    @property
    def label(self) -> str:
        return self.username


OPERATOR = Actor("operator", "admin", None, "operator")
ANONYMOUS = Actor(ANONYMOUS_NAME, None, None, "anonymous")
SYSTEM = Actor(SYSTEM_NAME, "system", None, "operator")  # the software itself (derived assignments)


def actor_for(username: str, *, url: str | None = None) -> Actor | None:
    """The actor of an account as it is now; None when there is no such account or it is disabled."""
    found = accounts.get_account(username, url=url)
    if found is None or found.disabled:
        return None
    return Actor(found.username, found.role, found.department)


def _current(session: Session, actor: Actor) -> Actor:
    """The actor as the database says now, inside the write's transaction: a disabled account can do nothing
    from its next request on, whatever the session that carries it still believes."""
    if not isinstance(actor, Actor):
        raise Forbidden("writing needs a login")  # None or a stand-in object: never a way past the checks
    if actor.kind == "operator":
        return claim(session, actor)
    if actor.kind == "anonymous":
        raise Forbidden("writing needs a login")
    account = session.scalar(select(Account).where(Account.username == actor.username))
    if account is None or account.disabled:
        raise Forbidden(f"account {actor.username} cannot act (disabled or removed)")
    return claim(session, Actor(account.username, account.role, account.department))


def claim(session: Session, actor: Actor) -> Actor:
    """Tell PostgreSQL who acts in this transaction: its row-level security (migration 0004) then refuses, as a
    second line of defence, a write this layer should have refused (settings are transaction-local)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT set_config('geo.role', :role, true), set_config('geo.department', :department, true)"),
            {"role": actor.role or "", "department": actor.department or ""},
        )
    return actor


def _require_admin(session: Session, actor: Actor, what: str) -> Actor:
    current = _current(session, actor)
    if current.role != "admin":
        raise Forbidden(f"{current.username} ({current.role}) may not {what}: admin only")
    return current


def _check_admin(actor: Actor, what: str, url: str | None) -> None:
    with session_scope(url) as session:
        _require_admin(session, actor, what)


def _plan_hook(actor: Actor, what: str):
    def hook(session: Session, *, action, plan_id, before, after, measure_number=None) -> None:
        current = _require_admin(session, actor, what)
        if action == "plan.create" or action == "plan.published":
            _derive_assignments(session, plan_id)
        audit.append(
            session,
            actor=current.label,
            action=action,
            entity="plan",
            entity_id=plan_id,
            before=before,
            after=after,
            plan_id=plan_id,
            measure_number=measure_number,
        )

    return hook


# --- plans -----------------------------------------------------------------------------------------------------


def import_plan_file(actor: Actor, path: str | Path, **options) -> plans.PlanInfo:
    _check_admin(actor, "import plans", options.get("url"))
    return plans.import_file(path, on_write=_plan_hook(actor, "import plans"), **options)


def import_plan_bytes(actor: Actor, data: bytes, file_name: str, **options) -> plans.PlanInfo:
    _check_admin(actor, "import plans", options.get("url"))
    return plans.import_bytes(data, file_name, on_write=_plan_hook(actor, "import plans"), **options)


def publish_plan(actor: Actor, plan_id: int, *, url: str | None = None) -> plans.PlanInfo:
    _check_admin(actor, "publish plans", url)  # also when the plan is published already (no write, no answer)
    return plans.publish(plan_id, url=url, on_write=_plan_hook(actor, "publish plans"))


def archive_plan(actor: Actor, plan_id: int, *, url: str | None = None) -> plans.PlanInfo:
    _check_admin(actor, "archive plans", url)
    return plans.archive(plan_id, url=url, on_write=_plan_hook(actor, "archive plans"))


def correct_places(actor: Actor, plan_id: int, number: int, action: str, place: str, **options) -> plans.PlanInfo:
    _check_admin(actor, "correct plans", options.get("url"))
    return plans.correct_places(plan_id, number, action, place, on_write=_plan_hook(actor, "correct plans"), **options)


# --- accounts --------------------------------------------------------------------------------------------------


def add_account(
    actor: Actor,
    username: str,
    role: str,
    password: str,
    *,
    department: str | None = None,
    url: str | None = None,
) -> accounts.AccountInfo:
    name = accounts.check_username(username)
    accounts.check_role(role)
    if role == "reporter" and not department:
        raise accounts.AccountError("a reporter needs --department")
    dept = accounts.resolve_department(department) if department else None
    password_hash = accounts.hash_password(password)
    with session_scope(url, write=True) as session:
        current = _require_admin(session, actor, "manage accounts")
        if session.scalar(select(Account.id).where(Account.username == name)) is not None:
            raise accounts.AccountError(f"account {name} exists already")
        account = Account(username=name, password_hash=password_hash, role=role, department=dept, disabled=False)
        session.add(account)
        session.flush()
        created = accounts.info(account)
        audit.append(
            session,
            actor=current.label,
            action="account.add",
            entity="account",
            entity_id=name,
            after=created.to_json(),
        )
        return created


def _account(session: Session, username: str) -> Account:
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        raise accounts.AccountError(f"no account {username}")
    return account


def set_disabled(actor: Actor, username: str, disabled: bool = True, *, url: str | None = None) -> accounts.AccountInfo:
    with session_scope(url, write=True) as session:
        current = _require_admin(session, actor, "manage accounts")
        account = _account(session, username)
        before = accounts.info(account)
        account.disabled = disabled
        session.flush()
        after = accounts.info(account)
        if before != after:
            action = "account.disable" if disabled else "account.enable"
            audit.append(
                session,
                actor=current.label,
                action=action,
                entity="account",
                entity_id=username,
                before=before.to_json(),
                after=after.to_json(),
            )
        return after


def reset_password(actor: Actor, username: str, password: str, *, url: str | None = None) -> accounts.AccountInfo:
    password_hash = accounts.hash_password(password)
    with session_scope(url, write=True) as session:
        current = _require_admin(session, actor, "manage accounts")
        account = _account(session, username)
        account.password_hash = password_hash
        session.flush()
        # The trail says that the password changed, never what it is (not even its hash).
        audit.append(
            session,
            actor=current.label,
            action="account.reset_password",
            entity="account",
            entity_id=username,
            after={"password": "changed"},
        )
        return accounts.info(account)


# --- assignments -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentInfo:
    id: int
    plan_id: int
    measure: int  # the measure's number (序号)
    text: str
    department: str
    written: str
    role: str
    milestone: str
    note: str
    version: int

    def to_json(self) -> dict:
        return asdict(self)


def _assignment_info(a: Assignment, m: Measure) -> AssignmentInfo:
    return AssignmentInfo(
        a.id, a.plan_id, m.number, m.text, a.department, a.written, a.role, a.milestone, a.note, a.version
    )


def deadline_milestone(session: Session, assignment: Assignment, deadline: str | None, now: dt.datetime) -> None:
    """A table's deadline column becomes the assignment's first milestone (持续推进: a milestone with no date)."""
    text = (deadline or "").strip()
    if not text:
        return
    session.add(
        Milestone(
            assignment_id=assignment.id, key=1, version=1, text=text, due_on=deadline_date(text), done_on=None,
            source="deadline", removed=False, recorded_at=now, recorded_by="system",
        )
    )  # fmt: skip


def _derive_assignments(session: Session, plan_id: int) -> int:
    """One assignment per measure x department (lead, then co-operating), from the plan's own columns; the
    department is the registry's current name, so a renamed department finds its measures. Idempotent."""
    existing = set(
        session.execute(select(Assignment.measure_id, Assignment.department).where(Assignment.plan_id == plan_id))
    )
    added = 0
    now = dt.datetime.now(dt.UTC)
    created: list[tuple[Assignment, str | None]] = []
    for m in session.scalars(select(Measure).where(Measure.plan_id == plan_id).order_by(Measure.position)):
        for role, names in (("lead", m.departments or []), ("co", m.co_departments or [])):
            for written in names:
                dept = departments.current_name(written)
                if (m.id, dept) in existing:
                    continue
                existing.add((m.id, dept))
                assignment = Assignment(
                    plan_id=plan_id, measure_id=m.id, department=dept, written=written, role=role,
                    milestone="", note="", version=1,
                )  # fmt: skip
                session.add(assignment)
                created.append((assignment, m.deadline))
                added += 1
    session.flush()  # one flush gives every new assignment its id
    for assignment, deadline in created:
        deadline_milestone(session, assignment, deadline, now)
    session.flush()
    return added


def ensure_assignments(plan_id: int, *, url: str | None = None) -> int:
    """Derive a plan's assignments when it has none yet (the seed plan is loaded before this layer runs: geo.db
    upgrade_and_seed derives its assignments at every start)."""
    with session_scope(url) as session:
        plans._plan(session, plan_id)
        if session.scalar(select(Assignment.id).where(Assignment.plan_id == plan_id).limit(1)) is not None:
            return 0
    try:
        with session_scope(url, write=True) as session:
            if session.scalar(select(Assignment.id).where(Assignment.plan_id == plan_id).limit(1)) is not None:
                return 0  # another process was quicker
            claim(session, SYSTEM)
            added = _derive_assignments(session, plan_id)
            if not added:
                # PostgreSQL reads each statement afresh: a process that committed between the check above and
                # the derivation's read left nothing to add, and nothing happened to be audited.
                return 0
            audit.append(
                session,
                actor=SYSTEM_NAME,
                action="assignments.derive",
                entity="plan",
                entity_id=plan_id,
                after={"assignments": added},
                plan_id=plan_id,
            )
            return added
    except IntegrityError:
        # Replicas starting at once: another process derived the same rows (unique measure x department) between
        # the check and this insert, and committed first; this transaction is rolled back, nothing is lost.
        return 0


def list_assignments(plan_id: int, *, department: str | None = None, url: str | None = None) -> list[AssignmentInfo]:
    """A plan's assignments in measure order; DEPARTMENT (any spelling the registry knows) narrows them."""
    query = (
        select(Assignment, Measure)
        .join(Measure, Measure.id == Assignment.measure_id)
        .where(Assignment.plan_id == plan_id)
        .order_by(Measure.position, Assignment.role.desc(), Assignment.id)
    )
    if department:
        query = query.where(Assignment.department == departments.current_name(department))
    with session_scope(url) as session:
        return [_assignment_info(a, m) for a, m in session.execute(query)]


def find_assignment(plan_id: int, number: int, department: str, *, url: str | None = None) -> AssignmentInfo:
    dept = departments.current_name(department)
    with session_scope(url) as session:
        row = session.execute(
            select(Assignment, Measure)
            .join(Measure, Measure.id == Assignment.measure_id)
            .where(Assignment.plan_id == plan_id, Measure.number == number, Assignment.department == dept)
        ).first()
        if row is None:
            raise plans.PlanError(f"plan {plan_id} has no assignment of measure {number} to {dept}")
        return _assignment_info(*row)


def may_edit(actor: Actor | None, department: str) -> bool:
    """Whether ACTOR may write an assignment of DEPARTMENT (the pages ask, to draw a form or a read-only row)."""
    if actor is None or actor.kind == "anonymous":
        return False
    if actor.role == "admin":
        return True
    return actor.role == "reporter" and actor.department == departments.current_name(department)


EDITABLE = ("milestone", "note")


def assignment_for_write(
    session: Session, actor: Actor, assignment_id: int, what: str, missing: type[Exception] = plans.PlanError
) -> tuple[Actor, Assignment, Measure]:
    """The acting account as it is now, and the assignment with its measure, once ACTOR may write it (WHAT names
    the write in the refusal); MISSING is the error class for an assignment that does not exist."""
    current = _current(session, actor)
    row = session.execute(
        select(Assignment, Measure)
        .join(Measure, Measure.id == Assignment.measure_id)
        .where(Assignment.id == assignment_id)
    ).first()
    if row is None:
        raise missing(f"no assignment {assignment_id}")
    assignment, measure = row
    plans.writable_plan(session, assignment.plan_id, missing)
    if not may_edit(current, assignment.department):
        where = f" of {current.department}" if current.department else ""
        raise Forbidden(f"{current.username} ({current.role}{where}) may not {what} of {assignment.department}")
    return current, assignment, measure


def update_assignment(actor: Actor, assignment_id: int, *, url: str | None = None, **changes: str) -> AssignmentInfo:
    """Change an assignment's milestone or note: the department's reporter, or an admin."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise plans.PlanError(f"an assignment has no field {sorted(unknown)[0]!r} ({', '.join(EDITABLE)})")
    with session_scope(url, write=True) as session:
        current, assignment, measure = assignment_for_write(session, actor, assignment_id, "write the assignments")
        before = {k: getattr(assignment, k) for k in EDITABLE}
        for key, value in changes.items():
            setattr(assignment, key, clean_text(value, key, plans.PlanError))
        after = {k: getattr(assignment, k) for k in EDITABLE}
        if after != before:
            assignment.version += 1
            session.flush()
            audit.append(
                session,
                actor=current.label,
                action="assignment.update",
                entity="assignment",
                entity_id=f"{assignment.plan_id}/{measure.number}/{assignment.department}",
                before=before,
                after=after,
                plan_id=assignment.plan_id,
                measure_number=measure.number,
            )
        return _assignment_info(assignment, measure)
