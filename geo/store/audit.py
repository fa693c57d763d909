"""The audit trail: an append-only, hash-chained log of every change to plans, accounts and assignments.

Each entry's hash is sha256 over a canonical JSON of its fields and the previous entry's hash, so changing an
entry breaks its own hash, and removing one breaks the link of the next. Entries are written only by
``append``, inside the transaction of the change they record (no change without its entry, no entry without
its change). UPDATE and DELETE on the table are refused by triggers (migration 0002) on both backends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from geo.store.engine import session_scope
from geo.store.models import AuditEntry

GENESIS = ""  # the prev_hash of the first entry
CHAIN_LOCK = 4_713_014  # PostgreSQL advisory lock: one appender at a time reads the last hash (SQLite: BEGIN IMMEDIATE)
_HASHED = ("id", "at", "actor", "action", "entity", "entity_id", "plan_id", "measure_number", "before", "after")


def canonical_json(value: object) -> str | None:
    """Sorted keys, no spaces, UTF-8 text: the same value always gives the same text (and hash)."""
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(fields: dict, prev_hash: str) -> str:
    body = canonical_json({**{k: fields[k] for k in _HASHED}, "prev_hash": prev_hash})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _fields(entry: AuditEntry) -> dict:
    return {k: getattr(entry, k) for k in _HASHED}


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: object,
    before: object = None,
    after: object = None,
    plan_id: int | None = None,
    measure_number: int | None = None,
) -> AuditEntry:
    """Add one entry to the chain in SESSION's transaction (the caller's write commits or rolls back with it)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(_advisory_lock()))
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    prev_hash = last.hash if last else GENESIS
    entry = AuditEntry(
        id=(last.id + 1) if last else 1,  # explicit: the id is hashed, so it must be known before the insert
        at=dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        plan_id=plan_id,
        measure_number=measure_number,
        before=canonical_json(before),
        after=canonical_json(after),
        prev_hash=prev_hash,
    )
    entry.hash = entry_hash(_fields(entry), prev_hash)
    session.add(entry)
    session.flush()
    return entry


def _advisory_lock():
    from sqlalchemy import func

    return func.pg_advisory_xact_lock(CHAIN_LOCK)


@dataclass(frozen=True)
class Finding:
    entry_id: int  # the first entry found changed or missing
    problem: str  # "changed", "removed", or "relinked" (changed with its own hash recomputed: the next link breaks)

    def message(self) -> str:
        if self.problem == "changed":
            return f"audit entry {self.entry_id} was changed (its hash does not match its content)"
        if self.problem == "removed":
            return f"audit entry {self.entry_id} was removed (the chain goes on at entry {self.entry_id + 1})"
        return f"audit entry {self.entry_id} was changed or replaced (entry {self.entry_id + 1} does not link to it)"


def verify(*, url: str | None = None) -> tuple[int, Finding | None]:
    """Walk the chain oldest first: (entries checked, the first entry changed or removed, or None)."""
    prev_hash, expected_id, count = GENESIS, 1, 0
    with session_scope(url) as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(1000):
            count += 1
            if entry.id != expected_id:
                return count, Finding(expected_id, "removed")
            if entry.prev_hash != prev_hash:
                return count, Finding(entry.id - 1, "relinked")
            if entry.hash != entry_hash(_fields(entry), entry.prev_hash):
                return count, Finding(entry.id, "changed")
            prev_hash, expected_id = entry.hash, entry.id + 1
    return count, None


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: object
    after: object


def _row(entry: AuditEntry) -> HistoryRow:
    return HistoryRow(
        entry.id,
        entry.at,
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_id,
        json.loads(entry.before) if entry.before else None,
        json.loads(entry.after) if entry.after else None,
    )


def measure_history(plan_id: int, number: int, *, url: str | None = None) -> list[HistoryRow]:
    """Who changed what of measure NUMBER of PLAN_ID (its assignments, its place tags), oldest first."""
    with session_scope(url) as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.plan_id == plan_id, AuditEntry.measure_number == number)
            .order_by(AuditEntry.id)
        )
        return [_row(e) for e in entries]


def last_hash(*, url: str | None = None) -> str:
    with session_scope(url) as session:
        return session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS


def entries(*, url: str | None = None, limit: int | None = None) -> list[HistoryRow]:
    """The newest entries first."""
    with session_scope(url) as session:
        query = select(AuditEntry).order_by(AuditEntry.id.desc())
        if limit:
            query = query.limit(limit)
        return [_row(e) for e in session.scalars(query)]


def change_count(*, url: str | None = None) -> int:
    """The store's change counter: the newest audit entry's id (0 for none). Every write through the service
    appends an entry in its own transaction, so the counter grows with each committed change, whichever app
    replica made it. One primary-key lookup: cheap enough to read on every rerun and to key a per-process cache
    on (such a cache is never staler than the rerun that read the counter)."""
    from sqlalchemy import func

    with session_scope(url) as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0
