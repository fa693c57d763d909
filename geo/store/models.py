"""The tables. A plan holds its measures (same contract as data/measures.json), their place tags as the tagger
made them, and the planner's corrections to those tags, kept apart so they show as corrections.

Room for what comes next (accounts, assignments, progress reports, audit trail): every row has a stable integer
id, measures are addressed by (plan, id), and a plan's ``version`` grows with each change (cache keys, and the
audit trail's "before/after" will hang off it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

SCHEMA_HEAD = "0005"  # the migration these models match (a test holds it to Alembic's head)
STATES = ("draft", "published", "archived")
CORRECTION_ACTIONS = ("remove", "add")
ROLES = ("admin", "reviewer", "reporter", "viewer")
ASSIGNMENT_ROLES = ("lead", "co")
REPORT_STATES = ("draft", "submitted", "approved", "returned")
CYCLES = ("monthly", "quarterly", "half-yearly")  # labels and rules: data/progress.json
MILESTONE_SOURCES = ("deadline", "reporter", "office")


class UTCDateTime(TypeDecorator):
    """A point in time, stored as UTC on every backend. SQLite keeps no time zone: SQLAlchemy writes an aware value's
    own wall clock (12:00+08:00 as "12:00") and binds a compared value the same way, so an as-of cutoff at midnight
    in Shanghai was compared as midnight UTC, 8 hours late. Converted to UTC on the way in and marked UTC on the way
    out, cutoffs and comparisons agree with PostgreSQL's timestamptz. Same DDL as DateTime(timezone=True)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value  # a naive value is UTC already (what SQLite gives back)

    def process_result_value(self, value: dt.datetime | None, dialect) -> dt.datetime | None:
        return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    pass


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    doc_number: Mapped[str | None] = mapped_column(String(200))  # 文号, when known
    issuer: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    source_name: Mapped[str] = mapped_column(String(500))
    # One plan per source file: two imports of the same bytes at once cannot both win.
    source_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)  # the seed plan (data/measures.json)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The reporting cycle the office sets (None: no periodic reports asked yet); a period's report is due
    # report_due_days after the period ends; periods ending before report_from are not asked for.
    report_cycle: Mapped[str | None] = mapped_column(String(12))
    report_due_days: Mapped[int | None] = mapped_column(Integer)
    report_from: Mapped[dt.date | None] = mapped_column(Date)

    measures: Mapped[list[Measure]] = relationship(
        back_populates="plan", order_by="Measure.position", cascade="all, delete-orphan"
    )
    corrections: Mapped[list[PlaceCorrection]] = relationship(
        back_populates="plan", order_by="PlaceCorrection.id", cascade="all, delete-orphan"
    )


class Measure(Base):
    __tablename__ = "measures"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # source order
    number: Mapped[int] = mapped_column(Integer)  # the measure's "id" in the contract (序号)
    theme: Mapped[str] = mapped_column(Text)
    theme_short: Mapped[str] = mapped_column(Text)
    subtask: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    departments: Mapped[list] = mapped_column(JSON)  # lead departments, in table order
    co_departments: Mapped[list | None] = mapped_column(JSON)  # None: the table has no such column
    deadline: Mapped[str | None] = mapped_column(Text)
    source_document: Mapped[str] = mapped_column(Text)
    source_row: Mapped[int] = mapped_column(Integer)
    extra: Mapped[dict | None] = mapped_column(JSON)  # contract keys this schema does not know yet, kept verbatim

    plan: Mapped[Plan] = relationship(back_populates="measures")
    places: Mapped[list[PlaceTag]] = relationship(
        back_populates="measure", order_by="PlaceTag.position", cascade="all, delete-orphan"
    )


class PlaceTag(Base):
    """A tag as the geotagger made it at import (corrections never edit these rows)."""

    __tablename__ = "place_tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(100))
    evidence: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(40))

    measure: Mapped[Measure] = relationship(back_populates="places")


class PlaceCorrection(Base):
    """A planner's correction of a measure's tags: remove one, or add one with a reason."""

    __tablename__ = "place_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(100))
    evidence: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    plan: Mapped[Plan] = relationship(back_populates="corrections")
    measure: Mapped[Measure] = relationship()


class Account(Base):
    """A person who logs in: a role, and for a reporter the one department it writes for (its current name)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # Argon2id; None: single sign-on only
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str | None] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class LoginAttempt(Base):
    """Every password check, by the name typed (also names without an account: the lock must not tell)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ok: Mapped[bool] = mapped_column(Boolean)


class Assignment(Base):
    """A measure x department pair with the department's role on it (lead or co), taken from the plan."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("measure_id", "department"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(200), index=True)  # the registry's current name
    written: Mapped[str] = mapped_column(String(200))  # the name as the plan writes it
    role: Mapped[str] = mapped_column(String(8))
    milestone: Mapped[str] = mapped_column(Text, default="")  # stage goal and time node, free text for now
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    measure: Mapped[Measure] = relationship()


class AuditEntry(Base):
    """Append-only: who changed what, when, before and after; ``hash`` chains each entry to the one before."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))  # ISO UTC text: hashed as stored, identical on every backend
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(100))
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    measure_number: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)  # canonical JSON
    after: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)  # unique: the chain cannot fork
    hash: Mapped[str] = mapped_column(String(64))


class Milestone(Base):
    """A stage goal and time node (阶段目标、时间节点) of an assignment. Versioned, never edited in place: a change
    closes the row (superseded_at) and adds the next version, so the milestones known on any past date can be
    read again (lights are reproducible). ``key`` is the milestone's number within its assignment."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("assignment_id", "key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    key: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # None: no date (持续推进)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(10))  # deadline (from the table), reporter, office
    removed: Mapped[bool] = mapped_column(Boolean, default=False)  # a removal is a version too
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str] = mapped_column(String(100))
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class ProgressReport(Base):
    """One department's report on one assignment for one reporting period (e.g. 2026-Q4).

    draft -> submitted -> approved, or returned with a comment. Only a draft is edited in place; a returned or
    approved report is corrected by a new version (supersedes_id), so what the office approved stays readable.
    submitted_at and reviewed_at tell what was known on any as-of date. ``sample`` marks demo data."""

    __tablename__ = "progress_reports"
    __table_args__ = (
        UniqueConstraint("assignment_id", "period", "version"),
        # Covers the as-of snapshot's aggregate (geo.progress.status): migration 0005.
        Index("ix_progress_reports_snapshot", "assignment_id", "submitted_at", "period", "version", "state",
              "reviewed_at"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(8))  # 2026-12, 2026-Q4, 2026-H2
    version: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    as_of: Mapped[dt.date] = mapped_column(Date)  # 报告日期: the date the report speaks for
    status: Mapped[str] = mapped_column(String(20))
    percent: Mapped[int | None] = mapped_column(Integer)
    progress: Mapped[str] = mapped_column(Text, default="")  # 进展情况
    next_steps: Mapped[str] = mapped_column(Text, default="")  # 下一步计划
    problems: Mapped[str] = mapped_column(Text, default="")  # 存在问题及需协调事项
    places: Mapped[list] = mapped_column(JSON, default=list)  # gazetteer ids where the work happened
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    reviewer: Mapped[str | None] = mapped_column(String(100))
    review_comment: Mapped[str] = mapped_column(Text, default="")
    supersedes_id: Mapped[int | None] = mapped_column(Integer)
