"""The export page's 进展通报 section: the chosen plan's periodic report for a period, as DOCX, PDF or XLSX.

The same files as `python -m geo.report` (geo.report.files); each is made when its button is clicked (deferred
download) and kept a few minutes per (plan, version, period, as-of date, language), so a second click is instant
while a report submitted meanwhile shows up soon after.

The as-of date is the one every progress page shares (ui/progress_state.py): a report of period P is as it stood
on that date, or on P's due day when the date is later (the CLI's default). A date chosen on any page (not today)
puts its own period first.
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
from ui.progress_state import as_of_input, current_choice

PERIOD_CHOICES = 8  # the latest periods offered (a report on an older one: the CLI)


@st.cache_data(max_entries=24, ttl=300, show_spinner=False)
def report_bytes(
    url: str,
    plan_id: int,
    version: int,
    period: str,
    lang: str,
    fmt: str,
    changes: int = 0,
    as_of: dt.date | None = None,
) -> bytes:
    """One report file; `version` and `changes` (the store's change counter, read at the click) are part of the
    cache key only: a re-published plan, or a report submitted through any app replica, is never served stale.
    AS_OF: the report's date (default: the period's due day)."""
    facts = build(plan_id, period, load_gazetteer(), url=url, lang=lang, as_of=as_of)
    return report_file(facts.content(facts.scopes(None)[0]), fmt, facts.gaz)


def report_periods(
    cycle: str, due_days: int, first: dt.date, today: dt.date, chosen: dt.date | None = None
) -> list[periods.Period]:
    """Newest first: the periods whose report is due by today, else the current one. CHOSEN (an as-of date a user
    picked): the periods due by that date, after the period holding it."""
    day = chosen or today
    due = periods.due_periods(cycle, due_days, first, day)
    own = [periods.period_of(day, cycle)] if chosen is not None and day >= first else []
    return (own + list(reversed(due[-PERIOD_CHOICES:])))[:PERIOD_CHOICES] or [periods.period_of(day, cycle)]


def report_as_of(period: periods.Period, due_days: int, day: dt.date) -> dt.date:
    """A period's report as it stood on DAY, or on its due day when DAY is later."""
    return min(day, default_as_of(period, due_days))


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
    day = as_of_input(t("progress_as_of_input", lang), "rep_asof", width=220)
    chosen = current_choice().as_of
    choices = {p.name: p for p in report_periods(cycle.cycle, cycle.due_days, first, today, chosen)}
    if st.session_state.get("_rep_period_for") != chosen:  # a new as-of date: its first period is the default
        st.session_state["_rep_period_for"] = chosen
        st.session_state["rep_period"] = next(iter(choices))
    elif st.session_state.get("rep_period") not in choices:
        st.session_state["rep_period"] = next(iter(choices))
    name = st.selectbox(
        t("report_choose_period", lang),
        list(choices),
        key="rep_period",
        format_func=lambda n: f"{period_label(choices[n], lang)}（{n}）",
    )
    period = choices[name]
    as_of = report_as_of(period, cycle.due_days, day)
    st.caption(t("report_as_of", lang).format(date=date_text(as_of, lang)))
    url = database_url()
    columns = st.columns(len(FORMATS))
    for col, fmt in zip(columns, FORMATS, strict=True):
        col.download_button(
            t(f"report_download_{fmt}", lang),
            data=lambda fmt=fmt: report_bytes(
                url, plan.id, plan.version, period.name, lang, fmt, audit.change_count(url=url), as_of
            ),
            file_name=f"{period_stem(period.name, lang)}.{fmt}",
            mime=MIME[fmt],
            key=f"rep_dl_{fmt}",
            on_click="ignore",
            width="stretch",
        )
    st.caption(t("report_cli_hint", lang))
    st.code(
        f"python -m geo.report --plan {plan.id} --period {period.name} --as-of {as_of.isoformat()} --by department "
        "--format docx,pdf,xlsx --out out/reports",
        language="bash",
    )
