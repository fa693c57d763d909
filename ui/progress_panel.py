"""The map page's progress view: its sidebar controls (view on/off, colouring, as-of date, progress filters) and
the glue that turns the session's choice into what the map and the list show (ProgressContext).

The as-of date and the progress filters repaint the map along the filters' fast path: the layer is the
`feature_group_to_add` of the same cached base map (ui/map_panel.py), so no frame reload.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import lru_cache

import streamlit as st

from geo.dataset import Measure
from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.progress.rules import LIGHTS, load_rules
from geo.progress.status import Snapshot
from geo.render.web.progress_layer import as_of_label, progress_layer
from geo.render.web.progress_view import (
    COLOUR_BY,
    NO_STATUS,
    as_of_choices,
    light_look,
    narrowed,
    progress_selection,
    status_label,
)
from geo.selection.filters import Filters
from geo.store import plans
from geo.store.engine import database_url
from ui.progress_state import ProgressChoice, cached_snapshot, change, current_choice, progress_plan

K_VIEW, K_COLOUR, K_AS_OF = "prog_view", "prog_colour", "prog_as_of"
K_LIGHT, K_STATUS, K_OVERDUE, K_UNREPORTED = "prog_light", "prog_status", "prog_overdue", "prog_unreported"


@dataclass(frozen=True)
class ProgressContext:
    """The progress view of one run: the plan, the snapshot on the as-of date and the session's choice."""

    plan: plans.PlanInfo
    snap: Snapshot
    choice: ProgressChoice

    def select(self, selection: list[Measure]) -> list[Measure]:
        return progress_selection(selection, self.snap, self.choice.filters)

    def layer(self, selection: list[Measure], gazetteer: Gazetteer, filters: Filters, lang: str, **kwargs):
        snap = narrowed(self.snap, selection)
        return progress_layer(selection, snap, gazetteer, filters, lang, self.choice.colour_by, **kwargs)

    def summary(self, selection: list[Measure], lang: str) -> str:
        """截至 2026年9月30日：■逾期 3 ▲预警 5 ●正常 12 (the selection's lights)."""
        counts = narrowed(self.snap, selection).light_counts()
        parts = []
        for light in reversed(LIGHTS):
            look = light_look(light, lang)
            parts.append(f"{look.shape}{look.label} {counts.get(light, 0)}")
        return t("prog_summary", lang).format(date=as_of_label(self.snap.as_of, lang), counts=" ".join(parts))


def progress_context(measures: list[Measure], lang: str) -> ProgressContext | None:
    """None when the view is off or there is no plan to read progress from (an imported table)."""
    choice = current_choice()
    if not choice.view:
        return None
    plan = progress_plan(lang)
    if plan is None:
        return None
    return ProgressContext(plan, cached_snapshot(plan, choice.as_of, measures), choice)


def _sync(key: str, value: object) -> None:
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def _cycle_first_day(plan: plans.PlanInfo) -> tuple[str | None, dt.date | None]:
    """The plan's reporting cycle and first reporting day: read once per plan version (setting the cycle touches the
    plan, so a new version reads it again), not on every move of the as-of slider."""
    return _cycle_of_version(database_url(), plan.id, plan.version, plan.issued_on)


@lru_cache(maxsize=64)
def _cycle_of_version(
    url: str, plan_id: int, version: int, issued_on: dt.date | None
) -> tuple[str | None, dt.date | None]:  # noqa: ARG001 - version is a cache key only
    from geo.store.progress_service import get_cycle

    info = get_cycle(plan_id, url=url)
    return info.cycle, dt.date.fromisoformat(info.report_from) if info.report_from else issued_on


def render_progress_panel(measures: list[Measure], lang: str) -> None:
    """Sidebar controls of the progress view; every change goes through a callback (URL written once)."""
    choice = current_choice()
    sb = st.sidebar
    sb.divider()
    _sync(K_VIEW, choice.view)
    sb.toggle(t("prog_view", lang), key=K_VIEW, help=t("prog_view_help", lang),
              on_change=lambda: change(view=bool(st.session_state[K_VIEW])))  # fmt: skip
    if not choice.view:
        return
    plan = progress_plan(lang)
    if plan is None:
        sb.info(t("prog_unavailable", lang))
        return
    rules = load_rules()
    today = rules.today()
    cycle, first = _cycle_first_day(plan)
    days = as_of_choices(cycle, first, today)
    current = choice.as_of or today
    if current not in days:
        days = sorted({*days, current})
    labels = {d: t("prog_today", lang).format(date=d.isoformat()) if d == today else d.isoformat() for d in days}
    _sync(K_AS_OF, current)
    sb.select_slider(
        t("prog_as_of", lang), days, key=K_AS_OF, format_func=lambda d: labels.get(d, str(d)),
        help=t("prog_as_of_help", lang),
        on_change=lambda: change(as_of=None if st.session_state[K_AS_OF] == today else st.session_state[K_AS_OF]),
    )  # fmt: skip
    _sync(K_COLOUR, choice.colour_by)
    sb.radio(
        t("prog_colour_by", lang), COLOUR_BY, key=K_COLOUR, horizontal=True,
        format_func=lambda c: t(f"prog_colour_{c}", lang),
        on_change=lambda: change(colour_by=st.session_state[K_COLOUR]),
    )  # fmt: skip

    def look(light: str) -> str:
        x = light_look(light, lang, rules)
        return f"{x.shape} {x.label}"

    def set_filters(**fields) -> None:
        change(filters=replace(current_choice().filters, **fields))

    f = choice.filters
    _sync(K_LIGHT, list(f.lights))
    sb.multiselect(t("prog_filter_light", lang), list(reversed(LIGHTS)), key=K_LIGHT, format_func=look,
                   placeholder=t("choose_placeholder", lang),
                   on_change=lambda: set_filters(lights=tuple(st.session_state[K_LIGHT])))  # fmt: skip
    statuses = [*rules.status_names, NO_STATUS]
    _sync(K_STATUS, list(f.statuses))
    sb.multiselect(
        t("prog_filter_status", lang), statuses, key=K_STATUS, placeholder=t("choose_placeholder", lang),
        format_func=lambda s: status_label(s, lang, rules) or t("prog_no_report", lang),
        on_change=lambda: set_filters(statuses=tuple(st.session_state[K_STATUS])),
    )  # fmt: skip
    _sync(K_OVERDUE, f.overdue)
    sb.checkbox(t("prog_overdue_only", lang), key=K_OVERDUE,
                on_change=lambda: set_filters(overdue=bool(st.session_state[K_OVERDUE])))  # fmt: skip
    _sync(K_UNREPORTED, f.unreported)
    sb.checkbox(t("prog_unreported", lang), key=K_UNREPORTED,
                on_change=lambda: set_filters(unreported=bool(st.session_state[K_UNREPORTED])))  # fmt: skip
