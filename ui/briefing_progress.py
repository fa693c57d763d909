"""The briefing's progress slides for the page: which plan, which as-of date (?asof=YYYY-MM-DD), and the snapshots.

Why here and not in the page: the page stays "read state -> geo -> render"; this reads the plan and the date from
the URL and the session, asks geo.progress for the two snapshots (now, and the end of the previous period) and lets
geo.selection.briefing_progress build the slides. A table imported in this session is not in the database, so it
has no progress: its deck stays the plan deck. A database that cannot be reached costs the progress slides, with
one line saying why, never the briefing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import SQLAlchemyError

from geo.dataset import Measure
from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.progress.status import snapshot
from geo.selection.briefing import Slide
from geo.selection.briefing_progress import previous_period_end, with_progress
from geo.store import plans
from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.dataset_state import imported
from ui.progress_state import shared_as_of


def requested_as_of() -> dt.date:
    """The as-of date: the one every progress page shares (ui/progress_state.py; ?asof= in the URL), else today."""
    return shared_as_of()


def deck_with_progress(
    slides: list[Slide], measures: list[Measure], gazetteer: Gazetteer, lang: str, as_of: dt.date
) -> tuple[list[Slide], str]:
    """The deck with its progress slides when the shown plan has a reporting cycle; and a message ("" when fine)."""
    if imported() is not None:
        return slides, ""
    try:
        plan = plan_state.active_plan(lang) or plans.builtin_plan()
        if plan is None:
            return slides, ""
        now = snapshot(plan.id, as_of, measures=measures)
        if not now.cycle:
            return slides, ""
        before_day = previous_period_end(as_of, now.cycle)
        before = snapshot(plan.id, before_day, measures=measures) if before_day else None
    except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
        return slides, t("progress_unavailable", lang).format(error=" ".join(str(exc).split())[:200])
    return with_progress(slides, now, before, measures, gazetteer, lang), ""
