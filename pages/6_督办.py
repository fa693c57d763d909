"""督办 — the office's desk (admin or reviewer): the plan's assignments with their lights on an as-of date,
reports awaiting review (approve, or return with a comment), missing reports, milestones due soon and overdue,
the 催办 list as XLSX (and by e-mail when [smtp] is configured), the reporting cycle. Everyone else sees that the
page is for the office only. Thin: ui.auth (who) → geo.progress / geo.store (what) → ui.supervision_view."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.store import plans, service
from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.auth import current_actor
from ui.dataset_state import render_banner
from ui.filters_panel import render_language
from ui.page import page_setup
from ui.supervision_view import render_supervision

page_setup("sv_page")
lang = render_language()
render_banner(lang)  # the plan switcher: this page follows the chosen plan too
st.title(t("sv_page", lang))
st.caption(t("sv_intro", lang))
try:
    active = plan_state.active_plan(lang) or plans.builtin_plan()
    if active is None:
        st.stop()
    service.ensure_assignments(active.id)
    render_supervision(active, current_actor(), lang)
except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
    st.error(str(exc), icon=":material/error:")
