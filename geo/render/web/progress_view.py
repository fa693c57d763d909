"""What the map's progress view shows, apart from drawing it: the progress filters, which measures pass them,
each place's roll-up (worst light, share completed) and the look of a light or a share (colour, shape, label).

Why its own module: the map page, the measure cards, the bench and the browser tests must agree on "which colour
does this place get on this date", so the rule lives once, here, on top of geo.progress.status.Snapshot. No
streamlit import. Colours and shapes are data: lights in data/progress.json (lights.looks), the share classes in
data/style.json (progress).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from geo.dataset import Measure
from geo.memo import IdentityMemo
from geo.places.gazetteer import AREA_KINDS, Gazetteer
from geo.progress import looks
from geo.progress.looks import LightLook, light_look  # noqa: F401 (this module's callers read them here)
from geo.progress.rules import LIGHTS, ProgressRules, load_rules
from geo.progress.status import MeasureStatus, Rollup, Snapshot
from geo.render.style import STYLE_FILE
from geo.selection.filters import GROUP, MEMBERS, NAMED, reached

COLOUR_BY = ("light", "share")  # the progress view's two colourings
NO_STATUS = "-"  # the status filter's value for "no report yet"

# URL keys of the progress view (ui/progress_state.py reads and writes them)
Q_VIEW, Q_COLOUR, Q_LIGHT, Q_STATUS, Q_OVERDUE, Q_UNREPORTED, Q_AS_OF = "pv", "pc", "pl", "ps", "po", "pn", "asof"
PROGRESS_URL_KEYS = (Q_VIEW, Q_COLOUR, Q_LIGHT, Q_STATUS, Q_OVERDUE, Q_UNREPORTED, Q_AS_OF)


@dataclass(frozen=True)
class ProgressFilters:
    """Filters over the measures' status on the as-of date (they narrow the theme/department/region selection)."""

    lights: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # status names, NO_STATUS for "no report yet"
    overdue: bool = False
    unreported: bool = False  # "no report this period": some department has no counted report for the current period

    @property
    def active(self) -> bool:
        return bool(self.lights or self.statuses or self.overdue or self.unreported)

    def matches(self, ms: MeasureStatus) -> bool:
        if self.lights and ms.light not in self.lights:
            return False
        if self.statuses and (ms.status or NO_STATUS) not in self.statuses:
            return False
        if self.overdue and not ms.overdue:
            return False
        return not (self.unreported and ms.reported_current)

    def to_query(self) -> dict[str, list[str]]:
        q: dict[str, list[str]] = {}
        if self.lights:
            q[Q_LIGHT] = list(self.lights)
        if self.statuses:
            q[Q_STATUS] = list(self.statuses)
        if self.overdue:
            q[Q_OVERDUE] = ["1"]
        if self.unreported:
            q[Q_UNREPORTED] = ["1"]
        return q

    @classmethod
    def from_query(cls, query: dict[str, list[str]], rules: ProgressRules | None = None) -> ProgressFilters:
        """From a URL; unknown lights and statuses (a hand-edited or stale link) are dropped."""
        rules = rules or load_rules()
        known = {*rules.status_names, NO_STATUS}
        return cls(
            lights=tuple(dict.fromkeys(v for v in query.get(Q_LIGHT, []) if v in LIGHTS)),
            statuses=tuple(dict.fromkeys(v for v in query.get(Q_STATUS, []) if v in known)),
            overdue=query.get(Q_OVERDUE, [""])[-1] == "1",
            unreported=query.get(Q_UNREPORTED, [""])[-1] == "1",
        )


def progress_selection(selection: list[Measure], snap: Snapshot, pf: ProgressFilters) -> list[Measure]:
    """The selected measures that have a status in the snapshot and pass the progress filters (order kept)."""
    return [m for m in selection if (ms := snap.measures.get(m["id"])) is not None and pf.matches(ms)]


_NARROWED = IdentityMemo(16)


def narrowed(snap: Snapshot, measures: Iterable[Measure]) -> Snapshot:
    """The snapshot restricted to MEASURES (the map's selection): its roll-ups count only what the map shows.
    The same snapshot and measures give the same object (IdentityMemo), so roll-ups of it can be memoized too."""
    ids = tuple(m["id"] for m in measures)

    def make() -> Snapshot:
        keep = set(ids)
        return replace(snap, measures={n: ms for n, ms in snap.measures.items() if n in keep})

    return _NARROWED.get((snap,), ids, make)


def place_rollups(
    snap: Snapshot,
    gazetteer: Gazetteer,
    include_groups: bool = False,
    rules: ProgressRules | None = None,
    by_place: dict[str, Rollup] | None = None,
) -> dict[str, Rollup]:
    """Per place on the map: zones and facilities take Snapshot.by_place() (the measures tagged there); a city or
    SAR takes the measures the region filter gives for it (named there or inside it; region-wide ones only with
    INCLUDE_GROUPS), so its colour agrees with its popup list and with the count view. BY_PLACE: snap.by_place()
    when the caller has it."""
    rules = rules or load_rules()
    by_place = snap.by_place(rules) if by_place is None else by_place
    out = {k: r for k, r in by_place.items() if k in gazetteer and gazetteer[k].kind not in AREA_KINDS}
    areas = {p.id for p in gazetteer.of_kind(*AREA_KINDS)}
    hits: dict[frozenset, list[str]] = {}  # measures share few tag sets: the reach of each set is looked up once

    def cities(ms: MeasureStatus) -> list[str]:
        tags = frozenset(ms.places)
        if tags not in hits:
            hits[tags] = [
                pid
                for pid, how in reached(tags, gazetteer).items()
                if pid in areas and (how in (NAMED, MEMBERS) or (include_groups and how == GROUP))
            ]
        return hits[tags]

    out.update(snap.by_keys(cities, rules))
    return out


def region_wide_rollups(
    snap: Snapshot, gazetteer: Gazetteer, rules: ProgressRules | None = None, by_place: dict[str, Rollup] | None = None
) -> dict[str, Rollup]:
    """Region-wide measures (named for a region group), per group: shown as their own counts, as the count view does."""
    by_place = snap.by_place(rules) if by_place is None else by_place
    return {k: r for k, r in by_place.items() if k in gazetteer and gazetteer[k].kind == "region_group"}


# ---------------------------------------------------------------- looks


def status_label(status: str | None, lang: str, rules: ProgressRules | None = None) -> str:
    """A status in the UI language; '' for no report (the status filter's NO_STATUS included)."""
    return "" if status == NO_STATUS else looks.status_label(status, lang, rules)


@lru_cache(maxsize=1)
def _progress_style() -> dict:
    return json.loads(STYLE_FILE.read_text(encoding="utf-8"))["progress"]


def share_classes() -> list[tuple[int, str]]:
    """(upper limit in percent, colour) of the share-completed classes, lowest first."""
    return [(int(c["upto"]), c["colour"]) for c in _progress_style()["share_classes"]]


def no_measures_colour() -> str:
    return _progress_style()["no_measures"]


def facility_radius() -> int:
    return int(_progress_style()["facility_radius"])


def share_colour(rate: float | None) -> str:
    if rate is None:
        return no_measures_colour()
    percent = rate * 100
    classes = share_classes()
    return next((colour for upto, colour in classes if percent <= upto), classes[-1][1])


def share_legend() -> list[tuple[str, str]]:
    """(label, colour) per share class: '0–20%' …"""
    out, low = [], 0
    for upto, colour in share_classes():
        out.append((f"{low}–{upto}%", colour))
        low = upto
    return out


def place_fill(rollup: Rollup | None, colour_by: str, rules: ProgressRules | None = None) -> str:
    """The fill of a place: its worst light's colour, or its share completed class; no measures: the neutral grey."""
    if rollup is None or not rollup.items:
        return no_measures_colour()
    if colour_by == "share":
        return share_colour(rollup.completion_rate)
    return (rules or load_rules()).lights.looks[rollup.light]["colour"]


def light_css_variables(rules: ProgressRules | None = None) -> str:
    """--dba-light-green: #…; … for static/map/progress.css (colours from the one rules file)."""
    looks = (rules or load_rules()).lights.looks
    return " ".join(f"--dba-light-{k}: {v['colour']};" for k, v in looks.items())


def change_counter(url: str | None = None) -> int:
    """The newest audit entry's id: every progress write appends one, so a cache keyed on it is never stale."""
    from sqlalchemy import func, select

    from geo.store.engine import session_scope
    from geo.store.models import AuditEntry

    with session_scope(url) as session:
        return int(session.scalar(select(func.max(AuditEntry.id))) or 0)


def as_of_choices(snap_cycle: str | None, first_day: dt.date | None, today: dt.date) -> list[dt.date]:
    """The as-of dates offered: each reporting period's end from the first reporting day up to today, and today."""
    from geo.progress import periods

    if not snap_cycle or first_day is None or first_day > today:
        return [today]
    out, period = [], periods.period_of(first_day, snap_cycle)
    while period.end < today:
        out.append(period.end)
        period = period.next()
    return [*out, today]
