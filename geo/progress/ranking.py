"""Departments ranked (统计排名) on an as-of date, and each department's assignments with their lights.

The figures come from the status snapshot (geo.progress.status.DepartmentStats), computed there once for every view:
- on-time reporting rate (按时报送率) = reports first submitted by the end of their due day (the period's end plus the
  plan's due days, in the plan's time zone) / reports due by the as-of date (one per assignment and due period);
- completion rate (完成率) = assignments whose latest counted status is of kind "done" / assignments.

Rank order (stated on the page, the same words as RANK_RULE's label): on-time rate, high first; then completion
rate, high first; then red assignments, fewest first. Departments equal on all three share a rank ("1, 1, 3": the
next rank is skipped) and are listed by name. A department with no report due yet has no on-time rate: it comes
after every department that has one (its rate is unknown, not zero).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import localize, t
from geo.progress.status import AssignmentStatus, DepartmentStats, Snapshot


@dataclass(frozen=True)
class DepartmentRank:
    rank: int
    department: str  # the full name (as in the plan's assignments)
    items: int
    completed: int
    completion_rate: float | None
    due_reports: int
    on_time_reports: int
    on_time_rate: float | None
    light: str | None
    red: int

    def sort_key(self) -> tuple:
        """Smaller sorts first: the rank order of the module doc, name last (for listing only, not for the rank)."""
        return (*self.rank_key(), self.department)

    def rank_key(self) -> tuple:
        on_time = self.on_time_rate
        completion = self.completion_rate if self.completion_rate is not None else -1.0
        return (on_time is None, -(on_time or 0.0), -completion, self.red)


def _entry(stats: DepartmentStats, rank: int = 0) -> DepartmentRank:
    return DepartmentRank(
        rank=rank,
        department=stats.key,
        items=stats.items,
        completed=stats.completed,
        completion_rate=stats.completion_rate,
        due_reports=stats.due_reports,
        on_time_reports=stats.on_time_reports,
        on_time_rate=stats.on_time_rate,
        light=stats.light,
        red=stats.lights.get("red", 0),
    )


def rank_departments(stats: dict[str, DepartmentStats]) -> list[DepartmentRank]:
    """Every department of the snapshot, ranked (competition ranking: ties share the rank, the next is skipped)."""
    entries = sorted((_entry(s) for s in stats.values()), key=DepartmentRank.sort_key)
    out: list[DepartmentRank] = []
    for i, e in enumerate(entries, 1):
        rank = out[-1].rank if out and out[-1].rank_key() == e.rank_key() else i
        out.append(DepartmentRank(**{**e.__dict__, "rank": rank}))
    return out


def department_assignments(snap: Snapshot, department: str) -> list[AssignmentStatus]:
    """The department's assignments, in the plan's order (measure, lead before co-operating)."""
    return [a for a in snap.assignments if a.department == department]


def percent(rate: float | None) -> str:
    """A rate as the table shows it: 87.5% → "87.5%"; none (nothing due) → "—"."""
    return "—" if rate is None else f"{100 * rate:.1f}%"


RANK_COLUMNS = (
    "dept_col_rank",
    "dept_col_department",
    "dept_col_on_time_rate",
    "dept_col_on_time",
    "dept_col_due",
    "dept_col_completion",
    "dept_col_completed",
    "dept_col_items",
    "dept_col_red",
)


def ranking_table(ranking: list[DepartmentRank], lang: str = "zh") -> tuple[list[str], list[list[str | int]]]:
    """The ranking as a header and rows (the page's table and the CSV/XLSX export say the same)."""
    header = [t(key, lang) for key in RANK_COLUMNS]
    rows: list[list[str | int]] = [
        [
            r.rank,
            localize(r.department, lang),
            percent(r.on_time_rate),
            r.on_time_reports,
            r.due_reports,
            percent(r.completion_rate),
            r.completed,
            r.items,
            r.red,
        ]
        for r in ranking
    ]
    return header, rows
