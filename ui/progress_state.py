"""The progress view state (on/off, colouring, progress filters, as-of date) and its URL keys, and the cached
snapshot it is drawn from.

The as-of date is ONE choice for every page that shows progress (the map's progress view, 部门进展, the briefing's
progress slides, the export page's 进展通报, the measure detail): chosen on one, it is the date on the others.
The map's view switch, colouring and progress filters belong to the map page but travel with the session too, so a
page switch and back keeps them.

The rules of ui/state.py hold here too: the session's choice (`CANON`) is the truth during a session; widget
callbacks change it and write the URL once; the URL is read only when the session starts and on Back/Forward;
every page link carries the choice (`ui.state.carried_query` adds `ProgressChoice.to_query()`).
The snapshot is cached per (database, plan id, plan version, as-of date, change counter = newest audit entry), so a
new report, review or milestone (each appends an audit entry) is seen on the next rerun, and moving the as-of date
back and forth costs a lookup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import streamlit as st

from geo.dataset import Measure
from geo.progress.rules import load_rules
from geo.progress.status import Snapshot, snapshot
from geo.render.web.progress_view import (
    COLOUR_BY,
    PROGRESS_URL_KEYS,
    Q_AS_OF,
    Q_COLOUR,
    Q_VIEW,
    ProgressFilters,
    change_counter,
)
from geo.store import plans
from geo.store.engine import database_url
from ui.history import is_history_navigation

CANON = "_prog_canon"  # the session's ProgressChoice


@dataclass(frozen=True)
class ProgressChoice:
    view: bool = False
    colour_by: str = "light"
    filters: ProgressFilters = field(default_factory=ProgressFilters)
    as_of: dt.date | None = None  # None: today

    def to_query(self) -> dict[str, list[str]]:
        """The URL keys: the as-of date whenever one is chosen (other pages show it with the map's view off); the
        view's colouring and filters only while the view is on."""
        q: dict[str, list[str]] = {}
        if self.view:
            q = {Q_VIEW: ["1"], **self.filters.to_query()}
            if self.colour_by != "light":
                q[Q_COLOUR] = [self.colour_by]
        if self.as_of is not None:
            q[Q_AS_OF] = [self.as_of.isoformat()]
        return q

    @classmethod
    def from_query(cls, query: dict[str, list[str]]) -> ProgressChoice:
        """From a URL; anything unknown (a stale or hand-edited link) falls back to the default."""
        colour = query.get(Q_COLOUR, ["light"])[-1]
        try:
            as_of = dt.date.fromisoformat(query.get(Q_AS_OF, [""])[-1])
        except ValueError:
            as_of = None
        return cls(
            view=query.get(Q_VIEW, [""])[-1] == "1",
            colour_by=colour if colour in COLOUR_BY else "light",
            filters=ProgressFilters.from_query(query),
            as_of=as_of,
        )


def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def current_choice() -> ProgressChoice:
    """The session's choice; from the URL on the session's first run and on Back/Forward (ui/nav.py asks for it at
    the start of every run, before the page links are drawn)."""
    held = st.session_state.get(CANON)
    if not isinstance(held, ProgressChoice) or is_history_navigation():
        held = st.session_state[CANON] = ProgressChoice.from_query(_query_dict())
    return held


def set_choice(choice: ProgressChoice) -> None:
    """A user action changed the progress view: hold it and write the URL once (other keys kept)."""
    st.session_state[CANON] = choice
    query = {k: v for k, v in _query_dict().items() if k not in PROGRESS_URL_KEYS}
    query.update(choice.to_query())
    if query != _query_dict():
        st.query_params.from_dict(query)


def change(**fields) -> None:
    set_choice(replace(current_choice(), **fields))


def shared_as_of() -> dt.date:
    """The as-of date every progress page shows: the session's choice, else today in the plan's time zone."""
    return current_choice().as_of or load_rules().today()


def set_as_of(day: dt.date) -> None:
    """A user chose an as-of date (on any page): today is held as "today" (None), so a link keeps meaning today."""
    change(as_of=None if day == load_rules().today() else day)


def _picked(key: str) -> None:
    value = st.session_state.get(key)
    if isinstance(value, dt.date):
        set_as_of(value)


def as_of_input(label: str, key: str, container=None, **kwargs) -> dt.date:
    """A date box showing the shared as-of date (also after Back/Forward or a choice on another page); a change is
    the session's new date, written to the URL once. Returns the date shown."""
    day = shared_as_of()
    if st.session_state.get(key) != day:  # a date box keeps its own value: follow the session's choice
        st.session_state[key] = day
    (container or st).date_input(label, key=key, on_change=_picked, args=(key,), **kwargs)
    return day


@st.cache_resource(max_entries=24, show_spinner=False)
def _cached_snapshot(
    url: str, plan_id: int, plan_version: int, as_of: dt.date, change: int, _measures: list[Measure]
) -> Snapshot:  # noqa: ARG001 - plan_version and change are cache keys only
    # cache_resource: the snapshot is shared read-only (never mutated), so no copy per rerun
    return snapshot(plan_id, as_of, url=url, measures=_measures)


def progress_plan(lang: str) -> plans.PlanInfo | None:
    """The plan whose progress the page shows (the chosen one, else the built-in plan); None for an imported table."""
    from ui import plan_state
    from ui.dataset_state import imported

    if imported() is not None:
        return None
    return plan_state.active_plan(lang) or plans.builtin_plan(url=database_url())


def cached_snapshot(plan: plans.PlanInfo, as_of: dt.date | None, measures: list[Measure]) -> Snapshot:
    url = database_url()
    day = as_of or load_rules().today()
    return _cached_snapshot(url, plan.id, plan.version, day, change_counter(url), measures)
