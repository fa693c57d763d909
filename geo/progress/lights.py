"""Status lights (红黄绿灯) of one assignment on one as-of date, from the facts known on that date. Pure: the
caller (geo.progress.status) reads the facts; this module only applies the rules of data/progress.json."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.progress.rules import ProgressRules


@dataclass(frozen=True)
class MilestoneFact:
    key: int
    text: str
    due_on: dt.date | None
    done_on: dt.date | None  # as known on the as-of date


@dataclass(frozen=True)
class Light:
    level: str  # green, yellow, red
    reasons: tuple[str, ...]  # reason codes (i18n: "light.reason.<code>"), worst first


def assignment_light(
    rules: ProgressRules,
    as_of: dt.date,
    milestones: list[MilestoneFact],
    status: str | None,
    missing_periods: int,
) -> Light:
    """MISSING_PERIODS: how many of the latest due periods, counted back from the newest, have no report."""
    light = rules.lights
    red: list[str] = []
    yellow: list[str] = []
    for m in milestones:
        if m.due_on is None or (m.done_on is not None and m.done_on <= as_of):
            continue
        days_left = (m.due_on - as_of).days
        if days_left < 0 and light.red_milestone_overdue:
            red.append("milestone_overdue")
        elif 0 <= days_left <= light.yellow_due_within_days:
            yellow.append("milestone_due_soon")
    kind = rules.kind_of(status)
    if kind not in light.no_reports_needed_kinds:
        if light.red_missing_periods and missing_periods >= light.red_missing_periods:
            red.append("reports_missing")
        elif light.yellow_missing_periods and missing_periods >= light.yellow_missing_periods:
            yellow.append("report_missing")
    if kind in light.yellow_status_kinds:
        yellow.append("status_behind")
    if red:
        return Light("red", tuple(dict.fromkeys(red + yellow)))
    if yellow:
        return Light("yellow", tuple(dict.fromkeys(yellow)))
    return Light("green", ())


def next_milestone(milestones: list[MilestoneFact], as_of: dt.date) -> MilestoneFact | None:
    """The earliest open milestone with a date (overdue ones first, they come earlier)."""
    open_ones = [m for m in milestones if m.due_on and not (m.done_on and m.done_on <= as_of)]
    return min(open_ones, key=lambda m: (m.due_on, m.key)) if open_ones else None
