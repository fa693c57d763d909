"""The progress rules as data (data/progress.json): statuses and their kinds, reporting cycles, light rules."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from geo import paths

RULES_FILE = paths.DATA / "progress.json"
LIGHTS = ("green", "yellow", "red")  # worst last: roll-ups take the max by this order


@dataclass(frozen=True)
class Status:
    name: str  # the label stored in reports and shown (未启动 …)
    en: str
    kind: str  # open, done, behind, paused: what the light rules look at


@dataclass(frozen=True)
class LightRules:
    version: int
    order: tuple[str, ...]
    looks: dict
    yellow_due_within_days: int
    yellow_status_kinds: frozenset[str]
    yellow_missing_periods: int
    red_milestone_overdue: bool
    red_missing_periods: int
    no_reports_needed_kinds: frozenset[str]


@dataclass(frozen=True)
class ProgressRules:
    version: int
    timezone: ZoneInfo
    statuses: tuple[Status, ...]
    cycles: dict
    default_due_days: int
    lights: LightRules
    undated_deadlines: tuple[str, ...]

    @cached_property
    def _by_name(self) -> dict[str, Status]:
        return {s.name: s for s in self.statuses}  # kind_of runs for every assignment of a snapshot

    @cached_property
    def _rank(self) -> dict[str, int]:
        return {light: k for k, light in enumerate(self.lights.order)}

    def status(self, name: str) -> Status | None:
        return self._by_name.get(name)

    @property
    def status_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.statuses)

    def kind_of(self, name: str | None) -> str | None:
        found = self.status(name) if name else None
        return found.kind if found else None

    def end_of_day(self, day: dt.date) -> dt.datetime:
        """The first instant after DAY in the plan's time zone: facts recorded before it were known on DAY."""
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=self.timezone)

    def today(self) -> dt.date:
        return dt.datetime.now(self.timezone).date()

    def worst(self, lights) -> str | None:
        rank = self._rank
        return max((x for x in lights if x), key=rank.__getitem__, default=None)


def parse_rules(raw: dict) -> ProgressRules:
    light = raw["lights"]
    rules = light["rules"]
    statuses = tuple(Status(s["name"], s.get("en", s["name"]), s["kind"]) for s in raw["statuses"])
    if len({s.name for s in statuses}) != len(statuses):
        raise ValueError("progress.json: statuses: a status name is listed twice")
    if tuple(light["order"]) != LIGHTS:
        raise ValueError(f"progress.json: lights.order must be {list(LIGHTS)}")
    return ProgressRules(
        version=int(raw["version"]),
        timezone=ZoneInfo(raw["timezone"]),
        statuses=statuses,
        cycles=dict(raw["cycles"]),
        default_due_days=int(raw["default_due_days"]),
        lights=LightRules(
            version=int(light["version"]),
            order=tuple(light["order"]),
            looks=dict(light["looks"]),
            yellow_due_within_days=int(rules["yellow"]["milestone_due_within_days"]),
            yellow_status_kinds=frozenset(rules["yellow"]["status_kinds"]),
            yellow_missing_periods=int(rules["yellow"]["report_missing_periods"]),
            red_milestone_overdue=bool(rules["red"]["milestone_overdue"]),
            red_missing_periods=int(rules["red"]["report_missing_periods"]),
            no_reports_needed_kinds=frozenset(rules["no_reports_needed_kinds"]),
        ),
        undated_deadlines=tuple(raw["undated_deadlines"]),
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> ProgressRules:
    return parse_rules(json.loads(Path(path).read_text(encoding="utf-8")))
