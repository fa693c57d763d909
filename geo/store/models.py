"""The tables. A plan holds its measures (same contract as data/measures.json), their place tags as the tagger
made them, and the planner's corrections to those tags, kept apart so they show as corrections.

Room for what comes next (accounts, assignments, progress reports, audit trail): every row has a stable integer
id, measures are addressed by (plan, id), and a plan's ``version`` grows with each change (cache keys, and the
audit trail's "before/after" will hang off it).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

SCHEMA_HEAD = "0001"  # the migration these models match (a test holds it to Alembic's head)
STATES = ("draft", "published", "archived")
CORRECTION_ACTIONS = ("remove", "add")


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
