"""Which plan every page shows: ?plan=ID in the URL (none: the built-in plan, data/measures.json).

Why here and not in each page: the map, the list, the briefing and the exports read their measures through
ui.dataset_state, which asks this module for the chosen plan. The plan list is read from the database on every
rerun (one small query), so a plan published in another session appears in the switcher on the next rerun;
the measures are cached per (plan id, version), so a corrected or re-published plan is never served stale.
An unreachable database or an unknown plan id stops the page with one clear line, and the next rerun after the
database is back works again (failures are never cached).
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.dataset import Measure
from geo.i18n import t
from geo.store import plans
from geo.store.engine import StoreUnavailable, database_url, unavailable_message
from ui.lang import current_lang
from ui.startup import rerun_when_store_returns
from ui.text import md_escape

Q_PLAN = "plan"
K_PLAN = "dba_plan"  # the switcher widget
K_CHOSEN = "dba_plan_chosen"  # the plan chosen in this session (a page switch drops the query string)
BUILTIN = 0  # the switcher's value for the built-in plan


def page_lang() -> str:
    return current_lang()


def _plain(text: object) -> str:
    return md_escape(text)


class PlanUnavailable(Exception):
    """The chosen plan cannot be shown: the message is for the user, already localized. store_down: because the
    database is unreachable (the page then reruns itself once it is back)."""

    def __init__(self, message: str, *, store_down: bool = False) -> None:
        super().__init__(message)
        self.store_down = store_down


@st.cache_resource(show_spinner=False)
def _store_ready(url: str) -> str:
    """Create or migrate the schema and seed it, once per process and URL (a failure is not cached: retried)."""
    if plans.store_is_ready(url=url):
        return "ready"
    from geo.db import upgrade_and_seed  # Alembic only when there is something to do

    return upgrade_and_seed(url)


@st.cache_resource(max_entries=32, show_spinner=False)
def _plan_measures(url: str, plan_id: int, version: int) -> list[Measure]:
    """A plan's measures; the version in the key retires an entry as soon as the plan changes. Shared, read-only
    (like the built-in dataset): every rerun gets the same list, so what is derived from it per dataset is made
    once (geo.selection.index), and no copy of thousands of records is unpickled per rerun."""
    return plans.plan_measures(plan_id, url=url)


def _db_message(exc: Exception, lang: str) -> str:
    line = str(exc) if isinstance(exc, StoreUnavailable) else unavailable_message(exc)
    return t("db_unavailable", lang).format(error=_plain(" ".join(line.split())))


def _this_run() -> dict | None:
    """A dict that lives for the current script run only (None outside one).

    Why: a page asks for the chosen plan several times per run (title, switcher, measures, cache keys); the plan
    list is read once per run instead of five times, and the next rerun reads it again, so a plan published in
    another session still shows on the next rerun. Streamlit replaces the run context's cursor table at the start
    of every run (ScriptRunContext.reset), which marks the run.
    """
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    memo = getattr(ctx, "_dba_run_memo", None)
    if memo is None or memo[0] is not ctx.cursors:
        memo = (ctx.cursors, {})
        ctx._dba_run_memo = memo
    return memo[1]


def forget_catalog() -> None:
    """After this session changed a plan (saved, published, archived): read the plan list again in this run."""
    memo = _this_run()
    if memo is not None:
        memo.pop("catalog", None)


def catalog(lang: str) -> list[plans.PlanInfo]:
    """Every plan (one query per script run), the schema brought up to date first; raises PlanUnavailable when
    the DB is not there (a failure is not kept: the next call tries again)."""
    memo = _this_run()
    url = database_url()
    if memo is not None and memo.get("catalog", (None,))[0] == url:
        return list(memo["catalog"][1])
    try:
        _store_ready(url)
        infos = plans.list_plans(url=url)
    except (StoreUnavailable, SQLAlchemyError) as exc:
        raise PlanUnavailable(_db_message(exc, lang), store_down=True) from None
    if memo is not None:
        memo["catalog"] = (url, tuple(infos))
    return infos


def requested_id(lang: str) -> int:
    """The plan id of the URL (BUILTIN when there is none); a link that is not a number is a clear error."""
    raw = st.query_params.get(Q_PLAN)
    if raw is None:
        chosen = st.session_state.get(K_CHOSEN, BUILTIN)
        if chosen != BUILTIN:  # a page link dropped ?plan: keep the session's plan, and show it in the address bar
            st.query_params[Q_PLAN] = str(chosen)
        return chosen
    try:
        value = int(raw)
    except ValueError:
        raise PlanUnavailable(t("plan_unknown", lang).format(plan=_plain(raw[:40]))) from None
    return value


def active_plan(lang: str) -> plans.PlanInfo | None:
    """The chosen plan from the database, or None for the built-in plan (read from data/measures.json)."""
    wanted = requested_id(lang)
    if wanted == BUILTIN:
        return None
    infos = {p.id: p for p in catalog(lang)}
    info = infos.get(wanted)
    if info is None:
        raise PlanUnavailable(t("plan_unknown", lang).format(plan=wanted))
    st.session_state[K_CHOSEN] = wanted
    return None if info.builtin else info  # the seed plan is the built-in one: same measures, same cache


def plan_measures(info: plans.PlanInfo, lang: str) -> list[Measure]:
    try:
        return _plan_measures(database_url(), info.id, info.version)
    except plans.PlanNotFound:
        raise PlanUnavailable(t("plan_unknown", lang).format(plan=info.id)) from None
    except (StoreUnavailable, SQLAlchemyError) as exc:
        raise PlanUnavailable(_db_message(exc, lang), store_down=True) from None


def _choose(reset_filters) -> None:
    value = st.session_state.get(K_PLAN, BUILTIN)
    st.session_state[K_CHOSEN] = value
    if value == BUILTIN:
        if Q_PLAN in st.query_params:
            del st.query_params[Q_PLAN]
    else:
        st.query_params[Q_PLAN] = str(value)
    reset_filters()  # filter values of one plan need not exist in another


def choose_plan(plan_id: int) -> None:
    """Switch this session to PLAN_ID (after saving a draft on the import page)."""
    forget_catalog()  # the new plan is not in the list read earlier in this run
    st.session_state[K_CHOSEN] = plan_id
    st.query_params[Q_PLAN] = str(plan_id)


def _label(info: plans.PlanInfo, lang: str) -> str:
    state = "" if info.state == "published" else f"（{t('plan_state_' + info.state, lang)}）"
    return f"{info.title}{state}"


def render_switcher(lang: str, reset_filters) -> plans.PlanInfo | None:
    """The plan switcher in the sidebar; returns the active plan (None: built-in). Stops the page with one clear
    line when the chosen plan cannot be shown; without a database the built-in plan still works, with a warning."""
    try:
        active = active_plan(lang)
        infos = catalog(lang)
    except PlanUnavailable as exc:
        if exc.store_down:
            rerun_when_store_returns()
        if st.query_params.get(Q_PLAN) is None and st.session_state.get(K_CHOSEN, BUILTIN) == BUILTIN:
            st.warning(str(exc), icon=":material/database:")
            return None
        st.error(str(exc), icon=":material/error:")
        st.page_link("pages/0_地图.py", label=t("plan_back_builtin", lang), query_params={})
        st.session_state[K_CHOSEN] = BUILTIN
        st.stop()
    builtin = next((p for p in infos if p.builtin), None)
    current = active.id if active is not None else BUILTIN
    listed = {BUILTIN: t("plan_builtin", lang) if builtin is None else builtin.title}
    for info in infos:
        if not info.builtin and (info.state == "published" or info.id == current):
            listed[info.id] = _label(info, lang)
    if st.session_state.get(K_PLAN) != current:
        st.session_state[K_PLAN] = current
    st.sidebar.selectbox(
        t("plan_switcher", lang),
        list(listed),
        key=K_PLAN,
        format_func=lambda pid: listed.get(pid, str(pid)),
        on_change=_choose,
        args=(reset_filters,),
    )
    if active is not None:
        st.info(t("plan_banner_" + active.state, lang).format(title=_plain(active.title)), icon=":material/info:")
    return active
