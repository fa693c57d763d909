"""我的任务 — the signed-in reporter's assignments of the chosen plan: per assignment its light, status and next
milestone, a report form for the period (draft / submit), its milestones and history; returned reports on top;
the Excel round trip; the other departments read-only; the history of a measure. Thin: ui.auth (who) →
geo.store (what, and the one place that decides who may write) → ui.my_tasks_view (widgets)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.store import plans, service
from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.assignments_view import render_history
from ui.auth import current_actor
from ui.dataset_state import render_banner
from ui.filters_panel import render_language
from ui.my_tasks_view import render_my_tasks
from ui.page import page_setup

page_setup("mytasks_page")
lang = render_language()
render_banner(lang)  # the plan switcher: this page follows the chosen plan too
st.title(t("mytasks_page", lang))
st.caption(t("tasks_progress_intro", lang))
try:
    active = plan_state.active_plan(lang) or plans.builtin_plan()
    if active is None:
        st.stop()
    service.ensure_assignments(active.id)
    render_my_tasks(active.id, current_actor(), lang)
    render_history(active.id, [m["id"] for m in plans.plan_measures(active.id)], lang)
except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
    st.error(str(exc), icon=":material/error:")
