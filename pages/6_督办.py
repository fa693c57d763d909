"""督办 — the office's desk (admin or reviewer): the plan's assignments with their lights on an as-of date,
reports awaiting review (approve, or return with a comment), missing reports, milestones due soon and overdue,
the 催办 list as XLSX (and by e-mail when [smtp] is configured), the reporting cycle. Everyone else sees that the
page is for the office only. Thin: ui.auth (who) → geo.progress / geo.store (what) → ui.supervision_view."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.store.engine import StoreUnavailable
from ui import plan_state
from ui.auth import current_actor
from ui.my_tasks_common import plan_page, show_flash
from ui.supervision_review import K_FLASH
from ui.supervision_view import render_supervision

try:
    active, lang = plan_page("sv_page", "sv_intro")
    if active is None:
        st.stop()
    render_supervision(active, current_actor(), lang)
except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
    show_flash(K_FLASH)  # the outcome of the last write, also when the page fails after it
    st.error(str(exc), icon=":material/error:")
