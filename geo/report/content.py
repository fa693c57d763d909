"""What a 进展通报 says: the plan's status snapshot on the period's as-of date, cut to a scope (the whole plan,
one department, one region or one theme) and arranged as the report's sections. The writers (docx, pdf, xlsx)
only lay this out, so the three files always say the same.

The as-of date is the period's due day (period end + the plan's due days) unless the caller gives one: a
report on 2026-Q3 reads what was known when the Q3 reports were due.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from geo.dataset import Measure, department_order, theme_order
from geo.i18n import localize, t
from geo.places.gazetteer import Gazetteer
from geo.progress import periods
from geo.progress.rules import ProgressRules, load_rules
from geo.progress.status import AssignmentStatus, MeasureStatus, Snapshot, snapshot
from geo.selection.filters import MEMBERS, NAMED, reached
from geo.store import plans
from geo.store.progress_service import get_cycle

SCOPE_KINDS = ("department", "region", "theme")  # --by values
REGION_KINDS = ("city", "sar", "zone")  # the places a --by region batch makes one report for
SHORT_CHARS = 40  # 具体措施: the measure's text cut to what fits a table cell of a printed report


class ReportError(ValueError):
    """A request the report cannot honour (unknown plan, period outside the plan's cycle …): one line."""


@dataclass(frozen=True)
class Scope:
    """The part of the plan a report covers."""

    kind: str  # "plan" or one of SCOPE_KINDS
    key: str  # department name, place id or theme short name ("" for the plan)
    name: str  # for people (cover, index)
    slug: str  # for file names


@dataclass(frozen=True)
class Row:
    """One line of a theme table or of the red list: a measure (or, in a department's report, the department's
    own assignment on it)."""

    number: int
    theme: str
    measure: str  # the measure's text, short
    lead: str  # lead department(s)
    status: str | None  # the reported status as the rules name it (None: no report yet)
    light: str
    percent: int | None
    excerpt: str
    last_report_on: str | None
    due_on: str | None  # the next open milestone's due date (an overdue one comes first)
    reasons: tuple[str, ...]


class Rates:
    """Completion and on-time rates of anything that counts items and due reports (None: nothing to divide)."""

    items: int
    completed: int
    due_reports: int
    on_time_reports: int

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.items if self.items else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time_reports / self.due_reports if self.due_reports else None


@dataclass(frozen=True)
class DepartmentRow(Rates):
    department: str
    items: int
    lights: dict[str, int]
    completed: int
    due_reports: int
    on_time_reports: int
    light: str | None


@dataclass
class ReportContent(Rates):
    plan_id: int
    plan_title: str
    period: periods.Period
    period_label: str
    as_of: dt.date
    scope: Scope
    sample: bool
    lang: str
    rules: ProgressRules
    status_counts: list[tuple[str, int]]  # every status in the rules' order, then "" (no report)
    light_counts: list[tuple[str, int]]  # green, yellow, red
    items: int
    completed: int
    due_reports: int
    on_time_reports: int
    themes: list[tuple[str, list[Row]]]
    red: list[Row]
    departments: list[DepartmentRow]
    area_lights: dict[str, str] = field(default_factory=dict)  # city/SAR/zone place id -> worst light
    region_wide: int = 0  # measures with no city or zone of their own (region-wide): their own count

    def light_label(self, light: str) -> str:
        """A light in words with its shape (●/▲/■): never hue alone."""
        look = self.rules.lights.looks[light]
        words = look.get("en", look["label"]) if self.lang == "en" else localize(look["label"], self.lang)
        return f"{look['shape']} {words}"

    def status_text(self, status: str | None) -> str:
        """A status in the report's language; no status yet: "no report"."""
        return localize(status, self.lang) if status else t("report_no_report", self.lang)

    def title(self) -> str:
        return t("report_title", self.lang)

    def as_of_text(self) -> str:
        return t("report_as_of", self.lang).format(date=date_text(self.as_of, self.lang))

    def scope_text(self) -> str:
        if self.scope.kind == "plan":
            return ""
        return t(f"report_scope_{self.scope.kind}", self.lang).format(name=self.scope.name)


def date_text(day: dt.date, lang: str) -> str:
    return t("report_date", lang).format(y=day.year, m=day.month, d=day.day)


def period_label(period: periods.Period, lang: str) -> str:
    """2026-Q3 → 2026年第三季度 (the words a 通报 uses); the name itself in English."""
    index = int(period.name.split("-")[1].lstrip("QH"))
    key = f"report_period_half_{index}" if period.cycle == "half-yearly" else f"report_period_{period.cycle}"
    return t(key, lang).format(year=period.start.year, n=index)


# ---------------------------------------------------------------- resolving the request


def resolve_period(plan_id: int, name: str, *, url: str | None = None) -> tuple[periods.Period, int]:
    """The plan's period NAME and the plan's due days; ReportError for an unknown plan, a plan without a reporting
    cycle, or a name outside its cycle."""
    try:
        cycle = get_cycle(plan_id, url=url)
    except plans.PlanNotFound:
        raise ReportError(f"未知计划 / unknown plan: {plan_id}") from None
    if not cycle.cycle:
        raise ReportError(f"计划 {plan_id} 未设置报送周期 / plan {plan_id} has no reporting cycle")
    try:
        period = periods.parse_period(name, cycle.cycle)
    except periods.PeriodError as e:
        raise ReportError(f"报送期 / period: {e}") from None
    return period, cycle.due_days


def default_as_of(period: periods.Period, due_days: int) -> dt.date:
    return period.due(due_days)


# ---------------------------------------------------------------- building


class PlanFacts:
    """One snapshot of a plan and what every scope of it needs (measures, gazetteer): a --by batch reads the
    database once, not once per department."""

    def __init__(
        self,
        plan_id: int,
        period: periods.Period,
        as_of: dt.date,
        gazetteer: Gazetteer,
        *,
        url: str | None = None,
        lang: str = "zh",
    ) -> None:
        self.plan_id = plan_id
        self.period = period
        self.as_of = as_of
        self.gaz = gazetteer
        self.lang = lang
        self.rules = load_rules()
        self.info = plans.get_plan(plan_id, url=url)
        self.measures: list[Measure] = plans.plan_measures(plan_id, url=url)
        self.snap: Snapshot = snapshot(plan_id, as_of, url=url, rules=self.rules, measures=self.measures)
        self.records = {m["id"]: m for m in self.measures}
        self._reach = {m["id"]: reached((p["place"] for p in m.get("places", [])), gazetteer) for m in self.measures}

    def scopes(self, by: str | None) -> list[Scope]:
        """The plan itself, or one scope per department / region / theme that has something to report."""
        if by is None:
            return [Scope("plan", "", self.info.title, "report")]
        if by == "department":
            present = set(self.snap.department_stats)
            keys = [d for d in department_order(self.measures) if d in present]
            keys += sorted(present - set(keys))
            return [Scope("department", k, localize(k, self.lang), f"dept-{i:02d}-{_slug(k)}") for i, k in _enum(keys)]
        if by == "theme":
            keys = theme_order(self.measures)
            return [Scope("theme", k, localize(k, self.lang), f"theme-{i:02d}-{_slug(k)}") for i, k in _enum(keys)]
        if by == "region":
            reached_ids = {pid for hits in self._reach.values() for pid, how in hits.items() if how in (NAMED, MEMBERS)}
            places = [p for p in self.gaz.of_kind(*REGION_KINDS) if p.id in reached_ids]
            return [Scope("region", p.id, p.name(self.lang), f"region-{_slug(p.id)}") for p in places]
        raise ReportError(f"未知分组 / unknown --by value: {by!r}. 可用 / valid: {', '.join(SCOPE_KINDS)}")

    def _in_region(self, number: int, place: str) -> bool:
        return self._reach.get(number, {}).get(place) in (NAMED, MEMBERS)

    def content(self, scope: Scope) -> ReportContent:
        snap, rules, lang = self.snap, self.rules, self.lang
        if scope.kind == "department":
            assignments = [a for a in snap.assignments if a.department == scope.key]
            rows = [self._assignment_row(a) for a in assignments]
        else:
            keep = {
                "plan": lambda m: True,
                "theme": lambda m: m.theme_short == scope.key,
                "region": lambda m: self._in_region(m.measure, scope.key),
            }[scope.kind]
            chosen = [m for m in snap.measures.values() if keep(m)]
            assignments = [a for m in chosen for a in m.departments]
            rows = [self._measure_row(m) for m in chosen]
        statuses = Counter(r.status for r in rows)
        status_counts = [(s.name, statuses.get(s.name, 0)) for s in rules.statuses]
        status_counts.append(("", statuses.get(None, 0)))
        lights = Counter(r.light for r in rows)
        themes: dict[str, list[Row]] = {}
        for r in rows:
            themes.setdefault(r.theme, []).append(r)
        behind = {s.name for s in rules.statuses if s.kind == "behind"}
        red = [r for r in rows if r.light == "red" or r.status in behind]
        red.sort(key=lambda r: (r.light != "red", r.due_on or "9999", r.number))
        return ReportContent(
            plan_id=self.plan_id,
            plan_title=self.info.title,
            period=self.period,
            period_label=period_label(self.period, lang),
            as_of=self.as_of,
            scope=scope,
            sample=any(a.sample for a in assignments),
            lang=lang,
            rules=rules,
            status_counts=status_counts,
            light_counts=[(x, lights.get(x, 0)) for x in rules.lights.order],
            items=len(rows),
            completed=sum(1 for r in rows if rules.kind_of(r.status) == "done"),
            due_reports=sum(a.due_reports for a in assignments),
            on_time_reports=sum(a.on_time_reports for a in assignments),
            themes=[(localize(k, lang), v) for k, v in themes.items()],
            red=red,
            departments=self._departments(assignments),
            area_lights=self._area_lights(rows),
            region_wide=sum(1 for r in rows if not any(h in (NAMED, MEMBERS) for h in self._reach[r.number].values())),
        )

    def _departments(self, assignments: list[AssignmentStatus]) -> list[DepartmentRow]:
        groups: dict[str, list[AssignmentStatus]] = {}
        for a in assignments:
            groups.setdefault(a.department, []).append(a)
        order = {d: i for i, d in enumerate(department_order(self.measures))}
        out = [
            DepartmentRow(
                department=d,
                items=len(members),
                lights=dict(Counter(a.light for a in members)),
                completed=sum(1 for a in members if self.rules.kind_of(a.status) == "done"),
                due_reports=sum(a.due_reports for a in members),
                on_time_reports=sum(a.on_time_reports for a in members),
                light=self.rules.worst(a.light for a in members),
            )
            for d, members in groups.items()
        ]
        out.sort(key=lambda r: (order.get(r.department, len(order)), r.department))
        return out

    def _area_lights(self, rows: list[Row]) -> dict[str, str]:
        """Each city, SAR and zone: the worst light of the measures reaching it by name or through its members."""
        per: dict[str, list[str]] = {}
        for r in rows:
            for pid, how in self._reach[r.number].items():
                if how in (NAMED, MEMBERS) and pid in self.gaz and self.gaz[pid].kind in REGION_KINDS:
                    per.setdefault(pid, []).append(r.light)
        return {pid: self.rules.worst(lights) for pid, lights in per.items()}

    def _short(self, number: int) -> str:
        text = " ".join(str(self.records.get(number, {}).get("text", "")).split())
        text = localize(text, self.lang)
        return text if len(text) <= SHORT_CHARS else text[: SHORT_CHARS - 1] + "…"

    def _leads(self, m: MeasureStatus) -> str:
        leads = [a.department for a in m.departments if a.role == "lead"] or [a.department for a in m.departments]
        return t("list_sep", self.lang).join(localize(d, self.lang) for d in dict.fromkeys(leads))

    def _excerpt(self, item: MeasureStatus | AssignmentStatus) -> str:
        """The report's words; a report the office has not reviewed yet says so (it counts, but is unchecked)."""
        text = localize(item.excerpt, self.lang)
        if text and item.report_state == "submitted":
            return f"{text}（{t('report_state_submitted', self.lang)}）"
        return text

    def _row(self, item: MeasureStatus | AssignmentStatus, reasons) -> Row:
        """A table line from a measure's status or from one department's assignment on it (same fields)."""
        m = self.snap.measures[item.measure]
        return Row(
            number=item.measure,
            theme=m.theme_short,
            measure=self._short(item.measure),
            lead=self._leads(m),
            status=item.status,
            light=item.light,
            percent=item.percent,
            excerpt=self._excerpt(item),
            last_report_on=item.last_report_on,
            due_on=item.next_milestone.due_on if item.next_milestone else None,
            reasons=tuple(dict.fromkeys(reasons)),
        )

    def _measure_row(self, m: MeasureStatus) -> Row:
        return self._row(m, [r for a in m.departments if a.light == m.light for r in a.reasons])

    def _assignment_row(self, a: AssignmentStatus) -> Row:
        return self._row(a, a.reasons)


def _enum(keys: list[str]):
    return enumerate(keys, start=1)


def _slug(text: str) -> str:
    from geo.export.files import safe_name

    return safe_name(text, limit=40)


def build(
    plan_id: int,
    period_name: str,
    gazetteer: Gazetteer,
    *,
    as_of: dt.date | None = None,
    url: str | None = None,
    lang: str = "zh",
) -> PlanFacts:
    """Resolve the request (ReportError on bad input) and read the plan once."""
    period, due_days = resolve_period(plan_id, period_name, url=url)
    day = as_of or default_as_of(period, due_days)
    if day < period.start:
        raise ReportError(
            f"截至日期早于报送期开始 / as-of date {day.isoformat()} is before {period.name} starts ({period.start})"
        )
    return PlanFacts(plan_id, period, day, gazetteer, url=url, lang=lang)
