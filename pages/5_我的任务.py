"""我的任务 — the signed-in reporter's assignments of the chosen plan: per assignment its light, status and next
milestone, a report form for the period (draft / submit), its milestones and history; returned reports on top;
the Excel round trip; the other departments read-only; the history of a measure. Thin: ui.auth (who) →
geo.store (what, and the one place that decides who may write) → ui.my_tasks_view (widgets)."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.store import plans
from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.assignments_view import render_history
from ui.auth import current_actor
from ui.my_tasks_common import plan_page, show_flash
from ui.my_tasks_forms import K_FLASH
from ui.my_tasks_view import render_my_tasks
from ui.startup import rerun_when_store_returns

try:
    active, lang = plan_page("mytasks_page", "tasks_progress_intro")
    if active is None:
        st.stop()
    render_my_tasks(active.id, current_actor(), lang)
    render_history(active.id, [m["id"] for m in plans.plan_measures(active.id)], lang)
except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
    show_flash(K_FLASH)  # the outcome of the last write, also when the page fails after it
    st.error(str(exc), icon=":material/error:")
    if not isinstance(exc, plan_state.PlanUnavailable) or exc.store_down:
        rerun_when_store_returns()
