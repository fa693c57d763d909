"""Reporting periods: 2026-12 (monthly), 2026-Q4 (quarterly), 2026-H2 (half-yearly); each has a due day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS_PER = {"monthly": 1, "quarterly": 3, "half-yearly": 6}
_PATTERNS = {
    "monthly": re.compile(r"^(\d{4})-(\d{2})$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
    "half-yearly": re.compile(r"^(\d{4})-H([12])$"),
}
EXAMPLES = {"monthly": "2026-12", "quarterly": "2026-Q4", "half-yearly": "2026-H2"}


class PeriodError(ValueError):
    """A period name that does not fit the plan's cycle: one clear line."""


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    name: str
    cycle: str

    def due(self, due_days: int) -> dt.date:
        return self.end + dt.timedelta(days=due_days)

    def next(self) -> Period:
        return period_of(self.end + dt.timedelta(days=1), self.cycle)

    def previous(self) -> Period:
        return period_of(self.start - dt.timedelta(days=1), self.cycle)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int, index: int, cycle: str) -> Period:
    """Period number INDEX (1-based) of YEAR in CYCLE."""
    span = MONTHS_PER[cycle]
    first = (index - 1) * span + 1
    last = first + span - 1
    if cycle == "monthly":
        name = f"{year}-{index:02d}"
    elif cycle == "quarterly":
        name = f"{year}-Q{index}"
    else:
        name = f"{year}-H{index}"
    return Period(dt.date(year, first, 1), _month_end(year, last), name, cycle)


def check_cycle(cycle: str) -> str:
    if cycle not in MONTHS_PER:
        raise PeriodError(f"unknown reporting cycle {cycle!r} (one of: {', '.join(MONTHS_PER)})")
    return cycle


def period_of(day: dt.date, cycle: str) -> Period:
    check_cycle(cycle)
    return _make(day.year, (day.month - 1) // MONTHS_PER[cycle] + 1, cycle)


@lru_cache(maxsize=4096)  # f-map: a snapshot sorts every report by its period; the answer never changes
def parse_period(name: str, cycle: str) -> Period:
    """NAME in CYCLE's own form (a quarterly plan takes 2026-Q4, not 2026-12)."""
    check_cycle(cycle)
    text = (name or "").strip().upper()
    match = _PATTERNS[cycle].match(text)
    if not match:
        raise PeriodError(f"period {name!r} is not a {cycle} period (write it as {EXAMPLES[cycle]})")
    year, index = int(match.group(1)), int(match.group(2))
    if cycle == "monthly" and not 1 <= index <= 12:
        raise PeriodError(f"period {name!r}: month {index} does not exist")
    if not 1900 < year < 2200:
        raise PeriodError(f"period {name!r}: year {year} is out of range")
    return _make(year, index, cycle)


def due_periods(cycle: str, due_days: int, first_day: dt.date, as_of: dt.date) -> list[Period]:
    """The periods whose report was due by AS_OF (due day passed: due < as_of), oldest first, from the period
    holding FIRST_DAY on."""
    out: list[Period] = []
    period = period_of(first_day, cycle)
    while period.due(due_days) < as_of:
        out.append(period)
        period = period.next()
    return out
