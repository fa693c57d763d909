"""The import page's last step: save the previewed table as a draft plan, correct its place tags, publish it.

Every write goes through geo.store.plans (the one service layer); this module only draws the widgets and shows
its one-line errors. The draft belongs to the upload: a rerun with the same file keeps editing the same plan.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.store import plans
from geo.store.engine import StoreUnavailable, database_url
from ui import plan_state
from ui.dataset_state import ImportedDataset, plain_markdown

K_SAVED = "dba_plan_saved"  # {upload sha256: plan id} of this session's saved drafts
K_MESSAGE = "dba_plan_message"  # the last save/correct/publish outcome, shown once on the next rerun
MAP_PAGE = "pages/0_地图.py"


def _flash(kind: str, text: str) -> None:
    st.session_state[K_MESSAGE] = (kind, text)


def _show_flash() -> None:
    kind, text = st.session_state.pop(K_MESSAGE, (None, ""))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(text, icon=":material/error:")


def _save(data: bytes, candidate: ImportedDataset, lang: str) -> None:
    title = str(st.session_state.get("plan_title_input", "")).strip() or Path(candidate.file_name).stem
    sha = plans.sha256_bytes(data)
    try:
        info = plans.import_bytes(
            data,
            candidate.file_name,
            title=title,
            doc_number=str(st.session_state.get("plan_doc_input", "")).strip() or None,
            issuer=str(st.session_state.get("plan_issuer_input", "")).strip() or None,
            measures=candidate.measures,  # exactly what the preview showed
        )
    except plans.AlreadyImported as exc:
        st.session_state.setdefault(K_SAVED, {})[sha] = exc.plan_id
        _flash("error", t("plan_already", lang).format(plan=exc.plan_id))
        return
    except (plans.PlanError, StoreUnavailable, SQLAlchemyError) as exc:
        _flash("error", t("plan_correction_error", lang).format(error=plain_markdown(exc)))
        return
    st.session_state.setdefault(K_SAVED, {})[sha] = info.id
    _flash("success", t("plan_saved", lang).format(plan=info.id, state=t("plan_state_draft", lang)))


def _correct(plan_id: int, lang: str) -> None:
    number = st.session_state.get("plan_fix_measure")
    action = st.session_state.get("plan_fix_action")
    place = st.session_state.get("plan_fix_place")
    try:
        if number is None or place is None:
            raise plans.PlanError("choose a measure and a place")
        plans.correct_places(plan_id, number, action, place, reason=str(st.session_state.get("plan_fix_reason", "")))
    except (plans.PlanError, StoreUnavailable, SQLAlchemyError) as exc:
        _flash("error", t("plan_correction_error", lang).format(error=plain_markdown(exc)))
        return
    st.session_state["plan_fix_reason"] = ""


def _publish(plan_id: int, lang: str) -> None:
    try:
        info = plans.publish(plan_id)
    except (plans.PlanError, StoreUnavailable, SQLAlchemyError) as exc:
        _flash("error", t("plan_correction_error", lang).format(error=plain_markdown(exc)))
        return
    _flash("success", t("plan_saved", lang).format(plan=info.id, state=t("plan_state_published", lang)))


def render_save(data: bytes, candidate: ImportedDataset, gazetteer: Gazetteer, lang: str) -> None:
    """Below the preview: save as a draft plan; then corrections, publishing and the plan's link."""
    st.subheader(t("plan_save_header", lang))
    _show_flash()
    plan_id = st.session_state.get(K_SAVED, {}).get(plans.sha256_bytes(data))
    try:
        info = plans.get_plan(plan_id, url=database_url()) if plan_id is not None else None
    except plans.PlanNotFound:
        info = None
    except (StoreUnavailable, SQLAlchemyError) as exc:
        st.error(t("db_unavailable", lang).format(error=plain_markdown(exc)), icon=":material/database:")
        return
    if info is None:
        with st.container(key="plan_save_form"):
            st.text_input(t("plan_title", lang), value=Path(candidate.file_name).stem, key="plan_title_input")
            st.text_input(t("plan_doc_number", lang), key="plan_doc_input")
            st.text_input(t("plan_issuer", lang), key="plan_issuer_input")
            st.button(
                t("plan_save_draft", lang),
                key="plan_save",
                type="primary",
                on_click=_save,
                args=(data, candidate, lang),
            )
        return
    state = t(f"plan_state_{info.state}", lang)
    st.markdown(f"**{plain_markdown(info.title)}**（{state}）")
    with st.container(horizontal=True, key="plan_actions"):
        st.page_link(MAP_PAGE, label=t("plan_open", lang), query_params={plan_state.Q_PLAN: str(info.id)})
        if info.state == "draft":
            st.button(
                t("plan_publish", lang), key="plan_publish", type="primary", on_click=_publish, args=(info.id, lang)
            )
    if info.state != "archived":
        _render_corrections_form(info, gazetteer, lang)
    _render_corrections(info, gazetteer, lang)


def _render_corrections_form(info: plans.PlanInfo, gazetteer: Gazetteer, lang: str) -> None:
    measures = plan_state.plan_measures(info, lang)
    by_number = {m["id"]: m for m in measures}
    st.markdown(f"**{t('plan_corrections', lang)}**")
    with st.container(key="plan_fix_form"):
        number = st.selectbox(
            t("plan_correct_measure", lang),
            list(by_number),
            key="plan_fix_measure",
            format_func=lambda n: f"{n}. {by_number[n]['text'][:40]}",
        )
        action = st.radio(
            t("plan_correct_action", lang),
            ["remove", "add"],
            key="plan_fix_action",
            horizontal=True,
            format_func=lambda a: t(f"plan_correct_{a}", lang),
        )
        tagged = list(dict.fromkeys(tag["place"] for tag in by_number[number]["places"])) if number in by_number else []
        choices = tagged if action == "remove" else [p.id for p in gazetteer if p.id not in tagged]
        st.selectbox(
            t("plan_correct_place", lang),
            choices,
            key="plan_fix_place",
            format_func=lambda pid: gazetteer[pid].name(lang) if pid in gazetteer else pid,
        )
        st.text_input(t("plan_correct_reason", lang), key="plan_fix_reason")
        st.button(t("plan_correct_apply", lang), key="plan_fix_apply", on_click=_correct, args=(info.id, lang))


def _render_corrections(info: plans.PlanInfo, gazetteer: Gazetteer, lang: str) -> None:
    corrections = plans.plan_corrections(info.id)
    if not corrections:
        st.caption(t("plan_corrections_none", lang))
        return
    lines = []
    for c in corrections:
        place = gazetteer[c["place"]].name(lang) if c["place"] in gazetteer else c["place"]
        reason = f"（{c['reason']}）" if c["reason"] else ""
        line = t("plan_correction_line", lang).format(
            measure=c["measure"], action=t(f"plan_correct_{c['action']}", lang), place=place, reason=reason
        )
        lines.append(f"- {plain_markdown(line)}")
    with st.container(key="plan_corrections_list"):
        st.markdown("\n".join(lines))
