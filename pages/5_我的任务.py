"""我的任务 — the assignments of the chosen plan: the signed-in reporter's own department's as forms, the rest
read-only; the history of a measure. Thin: ui.auth (who) → geo.store.service (what, and the one place that
decides who may write) → ui.assignments_view (widgets)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.store import plans, service
from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.assignments_view import render_assignments, render_flash, render_history
from ui.auth import current_actor
from ui.dataset_state import render_banner
from ui.filters_panel import render_language
from ui.page import page_setup
from ui.startup import rerun_when_store_returns

page_setup("mytasks_page")
lang = render_language()
render_banner(lang)  # the plan switcher: this page follows the chosen plan too
st.title(t("mytasks_page", lang))
st.caption(t("mytasks_intro", lang))
try:
    active = plan_state.active_plan(lang) or plans.builtin_plan()
    if active is None:
        st.stop()
    service.ensure_assignments(active.id)
    actor = current_actor()
    render_assignments(active.id, actor, lang)
    render_history(active.id, [m["id"] for m in plans.plan_measures(active.id)], lang)
except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
    render_flash()
    st.error(str(exc), icon=":material/error:")
    if not isinstance(exc, plan_state.PlanUnavailable) or exc.store_down:
        rerun_when_store_returns()
