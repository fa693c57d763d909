"""The export page's 进展通报 section: the chosen plan's periodic report for a period, as DOCX, PDF or XLSX.

The same files as `python -m geo.report` (geo.report.files); each is made when its button is clicked (deferred
download) and kept a few minutes per (plan, version, period, language), so a second click is instant while a
report submitted meanwhile shows up soon after.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.places.gazetteer import load_gazetteer
from geo.progress import periods
from geo.progress.rules import load_rules
from geo.report.content import build, date_text, default_as_of, period_label
from geo.report.files import FORMATS, MIME, period_stem, report_file
from geo.store import audit, plans
from geo.store.engine import StoreUnavailable, database_url
from geo.store.progress_service import get_cycle
from ui import plan_state

PERIOD_CHOICES = 8  # the latest periods offered (a report on an older one: the CLI)


@st.cache_data(max_entries=24, ttl=300, show_spinner=False)
def report_bytes(url: str, plan_id: int, version: int, period: str, lang: str, fmt: str, changes: int = 0) -> bytes:
    """One report file; `version` and `changes` (the store's change counter, read at the click) are part of the
    cache key only: a re-published plan, or a report submitted through any app replica, is never served stale."""
    facts = build(plan_id, period, load_gazetteer(), url=url, lang=lang)
    return report_file(facts.content(facts.scopes(None)[0]), fmt, facts.gaz)


def report_periods(cycle: str, due_days: int, first: dt.date, today: dt.date) -> list[periods.Period]:
    """Newest first: the periods whose report is due by today, else the current one."""
    due = periods.due_periods(cycle, due_days, first, today)
    return list(reversed(due[-PERIOD_CHOICES:])) or [periods.period_of(today, cycle)]


def render_report_section(lang: str) -> None:
    st.subheader(t("report_section", lang))
    st.caption(t("report_section_intro", lang))
    try:
        plan = plan_state.active_plan(lang) or plans.builtin_plan()
        if plan is None:
            return
        cycle = get_cycle(plan.id)
    except (plan_state.PlanUnavailable, StoreUnavailable, SQLAlchemyError) as exc:
        st.warning(str(exc), icon=":material/database:")
        return
    if not cycle.cycle:
        st.info(t("report_no_cycle", lang), icon=":material/info:")
        return
    today = load_rules().today()
    first = dt.date.fromisoformat(cycle.report_from) if cycle.report_from else plan.issued_on or today
    choices = {p.name: p for p in report_periods(cycle.cycle, cycle.due_days, first, today)}
    name = st.selectbox(
        t("report_choose_period", lang),
        list(choices),
        key="rep_period",
        format_func=lambda n: f"{period_label(choices[n], lang)}（{n}）",
    )
    period = choices[name]
    st.caption(t("report_as_of", lang).format(date=date_text(default_as_of(period, cycle.due_days), lang)))
    url = database_url()
    columns = st.columns(len(FORMATS))
    for col, fmt in zip(columns, FORMATS, strict=True):
        col.download_button(
            t(f"report_download_{fmt}", lang),
            data=lambda fmt=fmt: report_bytes(
                url, plan.id, plan.version, period.name, lang, fmt, audit.change_count(url=url)
            ),
            file_name=f"{period_stem(period.name, lang)}.{fmt}",
            mime=MIME[fmt],
            key=f"rep_dl_{fmt}",
            on_click="ignore",
            width="stretch",
        )
    st.caption(t("report_cli_hint", lang))
    st.code(
        f"python -m geo.report --plan {plan.id} --period {period.name} --by department --format docx,pdf,xlsx "
        "--out out/reports",
        language="bash",
    )
