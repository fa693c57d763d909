"""What the 我的任务 and 督办 pages share: a light as shape + word + colour, the 示例数据 mark, one-line flashes.

A light is never colour alone (shape and word carry it for colour-blind readers and print); its colour and
shape come from data/progress.json's looks. Every piece of text in the HTML is escaped.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from geo.i18n import t
from geo.progress.reminders import look_text
from geo.progress.rules import load_rules
from geo.store import plans, service
from ui import plan_state
from ui.dataset_state import render_banner
from ui.filters_panel import render_language
from ui.page import page_setup
from ui.text import md_escape


def light_colour(level: str | None) -> str:
    if not level:
        return "inherit"
    return str(load_rules().lights.looks[level]["colour"])


def light_html(level: str | None, lang: str) -> str:
    """A light as an inline badge (shape + word in the light's colour)."""
    if not level:
        return ""
    text = html.escape(look_text(level, lang))
    return (
        f'<span class="progress-light" style="color:{html.escape(light_colour(level))};font-weight:600">{text}</span>'
    )


def light_markdown(level: str | None, lang: str, rest: str = "") -> None:
    """One line: the light's badge, then REST (markdown that the caller escaped already)."""
    st.markdown(f"{light_html(level, lang)}　{rest}", unsafe_allow_html=True)


def styled_lights(frame: pd.DataFrame, column: str, levels: list[str | None]):
    """FRAME with its light column coloured per row (st.dataframe shows a pandas Styler's colours)."""
    colours = [f"color: {light_colour(level)}; font-weight: 600" for level in levels]
    return frame.style.apply(lambda _col: colours, subset=[column])


def plan_page(title_key: str, intro_key: str) -> tuple[plans.PlanInfo | None, str]:
    """What 我的任务 and 督办 do first: page setup, language, the plan switcher, title and intro; then the chosen
    plan (the built-in one by default) with its assignments derived. Raises what the store raises."""
    page_setup(title_key)
    lang = render_language()
    render_banner(lang)  # the plan switcher: these pages follow the chosen plan too
    st.title(t(title_key, lang))
    st.caption(t(intro_key, lang))
    active = plan_state.active_plan(lang) or plans.builtin_plan()
    if active is not None:
        service.ensure_assignments(active.id)
    return active, lang


def percent_text(value: int | None) -> str:
    """A completion percentage for a table cell: "40%", or empty when none was given."""
    return "" if value is None else f"{value}%"


def sample_mark(show: bool, lang: str, key: str) -> None:
    """The 示例数据 mark: every screen that shows sample reports says so."""
    if show:
        with st.container(key=key):
            st.warning(t("tasks_sample_note", lang), icon=":material/science:")


def flash(key: str, kind: str, text: str) -> None:
    st.session_state[key] = (kind, text)


def show_flash(key: str) -> None:
    kind, text = st.session_state.pop(key, (None, ""))
    if kind:
        (st.success if kind == "success" else st.error)(text)


def refused(lang: str, exc: Exception) -> str:
    return t("sv_refused", lang).format(error=md_escape(exc))
